// ESLint: the type-checked recommended rules of typescript-eslint over the library's source.
// Every `eslint-disable` in src/ carries its reason beside it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-examples/**', 'node_modules/**', '.tools/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Unused arguments named `_x` document a signature (handlers, interceptors).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Implementations of async interfaces (stores, event stores, metrics) stay `async` without
      // awaiting, so that a throw becomes a rejection like in every other implementation.
      '@typescript-eslint/require-await': 'off',
      // This CommonJS package loads heavy or optional modules (the HTTP stack, the SDK client,
      // ioredis, jose, prom-client, winston...) with `require` where they are first used, so
      // that apps which never use them never load them.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
