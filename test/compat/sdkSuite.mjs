// The SDK's own jest suite against the OTel JS line that npm resolves for a Node version:
// the repo's lockfile pins the 2.x line (what Node 20 gets), so on Node 22/24 this installs
// @mlotel/sdk's dependency ranges afresh in a project outside the repo and runs
// packages/sdk/test there, against sdk-logs 3.x and @opentelemetry/api 1.10.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** SDK tests that import the CLI's test support (a real `mlotel collect`). */
const CROSS_PACKAGE_TESTS = ['export/requestSizeLimit.test.ts'];

const DEV_TOOLS = ['jest', 'ts-jest', 'typescript', '@types/jest', 'fast-check', 'otel-api-current'];

const JEST_CONFIG = `const base = require('./tsconfig.base.json').compilerOptions;
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages/sdk'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\\\.ts$': ['ts-jest', { tsconfig: { ...base, composite: false, declaration: false, declarationMap: false, isolatedModules: true, types: ['node', 'jest'] } }] },
  moduleNameMapper: { '^@mlotel/sdk$': '<rootDir>/packages/sdk/src/index.ts', '^(\\\\.{1,2}/.*)\\\\.js$': '$1' },
  testTimeout: 60000,
  maxWorkers: 2,
};
`;

/** Type-checks sources and tests together: a provider of this line must fit init()'s types. */
const TYPE_CHECK = {
  extends: './tsconfig.base.json',
  compilerOptions: { composite: false, declaration: false, declarationMap: false, noEmit: true, types: ['node', 'jest'], noUnusedLocals: false },
  include: ['packages/sdk/src/**/*.ts', 'packages/sdk/test/**/*.ts'],
};

/**
 * Lays out the project in `dir` (sources, tests, a package.json with the SDK's ranges).
 * The caller installs, builds (`npx tsc -p packages/sdk/tsconfig.json`, for the tests that
 * run the built SDK in child processes), type-checks (`npx tsc -p tsconfig.check.json`) and
 * runs `npx jest`.
 */
export function layOutSdkSuite(repo, dir, nodeMajor) {
  mkdirSync(join(dir, 'packages', 'sdk'), { recursive: true });
  for (const part of ['src', 'test', 'tsconfig.json', 'package.json']) {
    cpSync(join(repo, 'packages', 'sdk', part), join(dir, 'packages', 'sdk', part), { recursive: true });
  }
  // Tests that need the CLI's receiver (packages/cli) are not laid out here: they run in the
  // repo's own `npm test` on every Node version.
  for (const test of CROSS_PACKAGE_TESTS) rmSync(join(dir, 'packages', 'sdk', 'test', test));
  cpSync(join(repo, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
  const sdk = JSON.parse(readFileSync(join(repo, 'packages', 'sdk', 'package.json'), 'utf8'));
  const root = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const devDependencies = Object.fromEntries(DEV_TOOLS.map((name) => [name, root.devDependencies[name]]));
  devDependencies['@types/node'] = `^${nodeMajor}`;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({
    name: 'mlotel-sdk-suite',
    private: true,
    dependencies: { ...sdk.dependencies, '@opentelemetry/api': sdk.peerDependencies['@opentelemetry/api'] },
    devDependencies,
  }, null, 2)}\n`);
  writeFileSync(join(dir, 'jest.config.js'), JEST_CONFIG);
  writeFileSync(join(dir, 'tsconfig.check.json'), `${JSON.stringify(TYPE_CHECK, null, 2)}\n`);
}
