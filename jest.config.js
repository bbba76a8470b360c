/**
 * One jest run for unit tests (next to the code, *.spec.ts) and end-to-end tests (test/, *.e2e-spec.ts).
 * ES modules through @swc/jest; run with NODE_OPTIONS=--experimental-vm-modules (see package.json).
 */
const swc = {
  swcrc: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

const libs = ['core', 'auth', 'organisations', 'counsellors', 'cases', 'handoffs', 'reminders', 'audit', 'dashboards'];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((lib) => [`^@app/${lib}$`, `<rootDir>/libs/${lib}/src/index.ts`])),
    '^@app/migrations$': '<rootDir>/migrations/index.ts',
    '^@app/migrations/data-source$': '<rootDir>/migrations/data-source.ts',
    '^@app/migrations/entities$': '<rootDir>/migrations/entities.ts',
  },
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  // One line naming the address when Postgres or Redis is down (test/support/global-setup.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
