import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import checkFile from 'eslint-plugin-check-file';

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

/** The engine's packages: only src/db imports them (matched by the path they resolve to). */
const ENGINE = ['@duckdb', 'apache-arrow', 'parquet-wasm'];

// import-x/no-restricted-paths forbids `from` (less `except`, relative to `from`) to `target`:
// each folder is forbidden all of src/ but itself and the folders it may use.
const zones = [
  ...Object.entries(LAYERS).map(([target, allow]) => ({
    target,
    from: 'src',
    except: [target, ...allow].map((folder) => `./${folder.replace(/^src\//, '')}`),
    message: `${target} may import only from ${allow.length > 0 ? allow.join(', ') : 'itself'} (imports flow app → ui → queries → measures, dataset → db)`,
  })),
  {
    target: Object.keys(LAYERS).filter((target) => target !== 'src/db'),
    from: ENGINE.map((name) => `node_modules/${name}`),
    message: 'Only src/db may import the engine (@duckdb/*, apache-arrow, parquet-wasm).',
  },
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
    plugins: { 'import-x': importX, 'check-file': checkFile },
    settings: {
      // import-x reads only these extensions when following imports (its default is .js, .mjs
      // and .cjs: without .ts no-cycle would see no TypeScript module and pass everything).
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      // Imports carry no extension; nothing uses tsconfig paths, so Node's resolution with
      // TypeScript's extensions finds every file. `symlinks: false` keeps a package's path
      // under this folder's node_modules (a worktree may link it) for the engine zone.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
          symlinks: false,
        }),
      ],
    },
    rules: {
      // A cycle cannot pass through a package back into this code base, so packages are not
      // followed; depth is unbounded so that a long cycle is still found.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'check-file/filename-naming-convention': [
        'error',
        { '**/*.{ts,tsx,js,mjs}': 'KEBAB_CASE' },
        // `member-tables.test.ts`, `vite-env.d.ts`: the name before the first dot is checked.
        { ignoreMiddleExtensions: true },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones, basePath: import.meta.dirname }],
    },
  },
);
