/** Two projects: the backend and the local cloud run in Node; pages run in jsdom (miniprogram-simulate). */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

module.exports = {
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/server', '<rootDir>/localcloud', '<rootDir>/cloudfunctions', '<rootDir>/scripts', '<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
    },
    {
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      // Resolve packages' Node builds (mingo's browser build is ESM only): page tests start a local cloud in-process.
      testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
      roots: ['<rootDir>/miniprogram'],
      // A checkout's own miniprogram/config.local.ts (git-ignored) never changes what tests see.
      moduleNameMapper: { '^\\./config\\.local$': '<rootDir>/miniprogram/testing/no-config-local.ts' },
      testMatch: ['**/*.test.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'miniprogram/tsconfig.json' }] },
    },
  ],
};
