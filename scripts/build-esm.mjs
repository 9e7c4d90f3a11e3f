// Builds the ESM flavour of @mlotel/sdk next to the CJS one that `tsc -b` made, and marks
// the folder as ESM so Node loads it as such. Kept out of `tsc -b` because a composite
// project can only have one output.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'packages/sdk/tsconfig.esm.json'], { stdio: 'inherit' });
mkdirSync('packages/sdk/dist/esm', { recursive: true });
writeFileSync('packages/sdk/dist/esm/package.json', '{ "type": "module" }\n');
