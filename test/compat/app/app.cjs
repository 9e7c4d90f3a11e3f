'use strict';
// The CommonJS flavour of the compatibility app: mlotel's CJS build, the library's too.
const { init, getLogger } = require('@mlotel/sdk');
require('./scenario.cjs').run({ init, getLogger, flavour: 'cjs' }).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
