import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: { '^mcp-decorators$': '<rootDir>/src/index.ts' },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30_000,
};

export default config;
