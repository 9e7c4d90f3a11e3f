'use strict';
// A CommonJS library that logs through @mlotel/sdk without calling init(): the app decides
// where records go and at what level (in the ESM app, through the other copy of mlotel).
const { getLogger } = require('@mlotel/sdk');

const log = getLogger('compat.lib');

/** One DEBUG and one INFO record per call. */
function score(n) {
  log.debug('features built', { n });
  log.info('scored', { n });
}

module.exports = { score };
