import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import globals from 'globals';

/** Imports flow one way: app → ui → queries → measures, dataset → db. */
const layers = [
  { target: './src/db', from: ['./src/dataset', './src/measures', './src/queries', './src/ui', './src/app', './src/cli'] },
  { target: './src/dataset', from: ['./src/measures', './src/queries', './src/ui', './src/app', './src/cli'] },
  { target: './src/measures', from: ['./src/queries', './src/ui', './src/app', './src/cli'] },
  { target: './src/queries', from: ['./src/ui', './src/app', './src/cli'] },
  { target: './src/ui', from: ['./src/app', './src/cli', './src/db'] },
];

function layerRule(target, from) {
  return {
    files: [`${target.slice(2)}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...from.map((dir) => ({
              group: [`**/${dir.split('/').pop()}/*`, `**/${dir.split('/').pop()}`],
              message: `${target} must not import from ${dir} (imports flow app → ui → queries → measures, dataset → db).`,
            })),
            ...(target === './src/db'
              ? []
              : [
                  {
                    group: ['@duckdb/*', 'apache-arrow'],
                    message: 'Only src/db may import the engine (@duckdb/*, apache-arrow).',
                  },
                ]),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', '.bench', '.tmp', 'test-results', 'sample-data'] },
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
  ...layers.map((l) => layerRule(l.target, l.from)),
  {
    files: ['src/cli/**/*.ts', 'src/app/**/*.{ts,tsx}', 'src/queries/**/*.{ts,tsx}'],
    rules: {},
  },
);
