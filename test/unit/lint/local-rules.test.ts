import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RuleTester, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// A plain JavaScript module (the ESLint config's): imported by path, typed here.
const rulesPath = '../../../eslint-local-rules.js';
const { default: local } = (await import(rulesPath)) as {
  default: { rules: Record<'no-restricted-paths' | 'no-cycle' | 'filename-case', Rule.RuleModule> };
};

const root = mkdtempSync(join(tmpdir(), 'lint-rules-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Writes `source` at `path` under the temporary root and returns its full path. */
function file(path: string, source: string): string {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, source);
  return full;
}

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

const zones = [
  { target: 'src/db', allow: [], within: 'src', message: 'src/db may import only from itself' },
  {
    target: 'src/measures',
    allow: ['src/db'],
    within: 'src',
    message: 'src/measures may import only from src/db',
  },
  {
    target: 'src/measures',
    packages: ['@duckdb/', 'apache-arrow'],
    message: 'Only src/db may import the engine',
  },
];

file('src/db/sql.ts', 'export const sql = 1;\n');
file('src/queries/extract.ts', 'export const extract = 1;\n');
file('src/measures/scope.ts', 'export const scope = 1;\n');
const definition = file('src/measures/definitions/one.ts', '');
const dbFile = file('src/db/client.ts', '');

tester.run('no-restricted-paths', local.rules['no-restricted-paths'], {
  valid: [
    // ../scope from measures/definitions is measures itself, whatever the folder's basename.
    { filename: definition, code: "import { scope } from '../scope';", options: [{ zones, root }] },
    {
      filename: definition,
      code: "import { sql } from '../../db/sql';",
      options: [{ zones, root }],
    },
    {
      filename: dbFile,
      code: "import * as arrow from 'apache-arrow';",
      options: [{ zones, root }],
    },
  ],
  invalid: [
    {
      filename: definition,
      code: "import { extract } from '../../queries/extract';",
      options: [{ zones, root }],
      errors: [{ message: 'src/measures may import only from src/db (src/queries/extract.ts)' }],
    },
    {
      filename: dbFile,
      code: "export { scope } from '../measures/scope';",
      options: [{ zones, root }],
      errors: [{ message: 'src/db may import only from itself (src/measures/scope.ts)' }],
    },
    {
      filename: definition,
      code: "import { Table } from 'apache-arrow';",
      options: [{ zones, root }],
      errors: [{ message: 'Only src/db may import the engine' }],
    },
  ],
});

const a = file('cycle/a.ts', "import { b } from './b';\nexport const a = b;\n");
file('cycle/b.ts', "import { c } from './c';\nexport const b = c;\n");
file('cycle/c.ts', "import { a } from './a';\nexport const c = a;\n");
const typed = file('types/x.ts', '');
file('types/y.ts', "import type { X } from './x';\nexport type Y = X;\n");

tester.run('no-cycle', local.rules['no-cycle'], {
  valid: [
    // Type-only imports leave nothing at run time.
    { filename: typed, code: "import type { Y } from './y';\nexport type X = Y;" },
  ],
  invalid: [
    {
      filename: a,
      code: "import { b } from './b';\nexport const a = b;",
      errors: [
        {
          message:
            /^Import cycle: .*cycle\/a\.ts → .*cycle\/b\.ts → .*cycle\/c\.ts → .*cycle\/a\.ts$/,
        },
      ],
    },
  ],
});

tester.run('filename-case', local.rules['filename-case'], {
  valid: [
    { filename: join(root, 'load-extract.ts'), code: '' },
    { filename: join(root, 'member-tables.test.ts'), code: '' },
  ],
  invalid: [
    {
      filename: join(root, 'loadExtract.ts'),
      code: '',
      errors: [{ message: 'File name "loadExtract.ts" is not kebab-case.' }],
    },
    {
      filename: join(root, 'Upload_Dialog.tsx'),
      code: '',
      errors: [{ message: 'File name "Upload_Dialog.tsx" is not kebab-case.' }],
    },
  ],
});
