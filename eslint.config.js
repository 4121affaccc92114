import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import globals from 'globals';
import local from './eslint-local-rules.js';

/**
 * Imports flow one way: app → ui → queries → measures, dataset → db. Each folder of src/ may
 * import, within src/, only itself and the folders listed (resolved by path, so that
 * `measures/definitions/x.ts` importing `../scope` is measures importing itself). The synthetic
 * generator is for scripts, the bench and tests: no folder of src/ may import it.
 */
const LAYERS = {
  'src/db': [],
  'src/dataset': ['src/db'],
  'src/synthetic': ['src/dataset'],
  'src/measures': ['src/db', 'src/dataset'],
  'src/queries': ['src/db', 'src/dataset', 'src/measures'],
  'src/ui': ['src/dataset', 'src/measures', 'src/queries'],
  'src/app': ['src/dataset', 'src/measures', 'src/queries', 'src/ui'],
  'src/cli': ['src/db', 'src/dataset', 'src/measures'],
};

const zones = [
  ...Object.entries(LAYERS).map(([target, allow]) => ({
    target,
    allow,
    within: 'src',
    message: `${target} may import only from ${allow.length > 0 ? allow.join(', ') : 'itself'} (imports flow app → ui → queries → measures, dataset → db)`,
  })),
  ...Object.keys(LAYERS)
    .filter((target) => target !== 'src/db')
    .map((target) => ({
      target,
      packages: ['@duckdb/', 'apache-arrow', 'parquet-wasm'],
      message: 'Only src/db may import the engine (@duckdb/*, apache-arrow, parquet-wasm).',
    })),
];

export default tseslint.config(
  {
    ignores: ['dist', 'node_modules', 'coverage', '.bench', '.tmp', 'test-results', 'sample-data'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/**/*.tsx', 'src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks, '@tanstack/query': pluginQuery },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...pluginQuery.configs.recommended.rules,
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { local },
    rules: {
      'local/no-cycle': 'error',
      'local/filename-case': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'local/no-restricted-paths': ['error', { zones }] },
  },
);
