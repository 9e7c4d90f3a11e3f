// The ESM flavour of the compatibility app: mlotel's ESM build here, its CJS build in the
// library (lib.cjs): two copies of @mlotel/sdk in one process, which must share one state.
import { createRequire } from 'node:module';
import { init, getLogger } from '@mlotel/sdk';

const require = createRequire(import.meta.url);
require('./scenario.cjs').run({ init, getLogger, flavour: 'esm' }).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
