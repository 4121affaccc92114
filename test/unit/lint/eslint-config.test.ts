import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The repository's own eslint.config.js, run through ESLint's Node API: the import zones, the
// cycle check and the file-name rule must each report what they exist for. The snippets are
// linted under paths that do not exist, which the type-checked project service cannot parse;
// the rules under test read no types, so type checking is switched off for these runs.
const root = resolve(import.meta.dirname, '../../..');
const noTypes = [tseslint.configs.disableTypeChecked];
const eslint = new ESLint({ cwd: root, overrideConfig: noTypes });

/** The rule id and message of every problem ESLint reports for `code` at `filePath`. */
async function lint(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

const ZONE = 'import-x/no-restricted-paths';

describe('import zones (import-x/no-restricted-paths)', () => {
  it('stops ui importing src/db', async () => {
    const problems = await lint('src/ui/probe.ts', "export { sql } from '../db/sql';\n");
    expect(problems.map((p) => p.ruleId)).toEqual([ZONE]);
    expect(problems[0]?.message).toContain(
      'src/ui may import only from src/dataset, src/measures, src/queries',
    );
  });

  it('stops measures importing src/app', async () => {
    const problems = await lint('src/measures/probe.ts', "export { App } from '../app/app';\n");
    expect(problems.map((p) => p.ruleId)).toEqual([ZONE]);
    expect(problems[0]?.message).toContain('src/measures may import only from src/db, src/dataset');
  });

  it('stops src/ importing the synthetic generator', async () => {
    const problems = await lint(
      'src/app/probe.ts',
      "export * from '../synthetic/synthetic-extract';\n",
    );
    expect(problems.map((p) => p.ruleId)).toEqual([ZONE]);
  });

  it('keeps the engine in src/db, type-only and dynamic imports included', async () => {
    for (const code of [
      "export * from 'apache-arrow';\n",
      "export type { DuckDBConnection } from '@duckdb/node-api';\n",
      "export const load = () => import('parquet-wasm/esm');\n",
    ]) {
      const problems = await lint('src/queries/probe.ts', code);
      expect(problems.map((p) => p.ruleId)).toEqual([ZONE]);
      expect(problems[0]?.message).toContain('Only src/db may import the engine');
    }
    expect(await lint('src/db/probe.ts', "export * from 'apache-arrow';\n")).toEqual([]);
  });

  it('lets a folder import itself by path and the folders below it', async () => {
    // ../scope from measures/definitions is measures importing itself.
    expect(await lint('src/measures/definitions/probe.ts', "export * from '../scope';\n")).toEqual(
      [],
    );
    expect(await lint('src/ui/probe.ts', "export * from '../queries/engine';\n")).toEqual([]);
    expect(await lint('src/measures/probe.ts', "export * from '../db/sql';\n")).toEqual([]);
  });
});

describe('kebab-case file names (check-file/filename-naming-convention)', () => {
  it('reports camelCase, PascalCase and snake_case names', async () => {
    for (const name of ['loadExtract.ts', 'UploadDialog.tsx', 'load_extract.ts']) {
      const problems = await lint(`src/ui/${name}`, 'export const x = 1;\n');
      expect(problems.map((p) => p.ruleId)).toEqual(['check-file/filename-naming-convention']);
    }
  });

  it('accepts kebab-case names with middle extensions', async () => {
    for (const name of ['src/ui/load-extract.ts', 'test/unit/member-tables.test.ts']) {
      expect(await lint(name, 'export const x = 1;\n')).toEqual([]);
    }
  });
});

describe('import cycles (import-x/no-cycle)', () => {
  // Files on disk, since the rule follows imports through the file system; under .tmp/, which
  // the repository's lint ignores (hence `ignore: false` here) and git does too.
  // Made when the tests run (not when they are collected, so a filtered run leaves nothing).
  let dir = '';
  beforeAll(() => {
    mkdirSync(join(root, '.tmp'), { recursive: true });
    dir = mkdtempSync(join(root, '.tmp', 'lint-cycle-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const withFiles = new ESLint({ cwd: root, overrideConfig: noTypes, ignore: false });

  /** Writes each file into the temporary folder and lints them all: rule ids by file name. */
  async function lintFiles(files: Record<string, string>) {
    const sub = mkdtempSync(join(dir, 'case-'));
    for (const [name, code] of Object.entries(files)) writeFileSync(join(sub, name), code);
    const results = await withFiles.lintFiles(Object.keys(files).map((name) => join(sub, name)));
    return Object.fromEntries(
      results.map((r) => [r.filePath.slice(sub.length + 1), r.messages.map((m) => m.ruleId)]),
    );
  }

  it('reports both imports of a two-file cycle', async () => {
    const found = await lintFiles({
      'a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
      'b.ts': "import { a } from './a';\nexport const b = (): number => a() - 1;\n",
    });
    expect(found).toEqual({ 'a.ts': ['import-x/no-cycle'], 'b.ts': ['import-x/no-cycle'] });
  });

  it('reports a cycle through three files', async () => {
    const found = await lintFiles({
      'a.ts': "import { b } from './b';\nexport const a = (): number => b();\n",
      'b.ts': "import { c } from './c';\nexport const b = (): number => c();\n",
      'c.ts': "import { a } from './a';\nexport const c = (): number => a();\n",
    });
    expect(found['a.ts']).toEqual(['import-x/no-cycle']);
  });

  it('passes a type-only cycle and a one-way import', async () => {
    expect(
      await lintFiles({
        'x.ts': "import type { Y } from './y';\nexport interface X {\n  y?: Y;\n}\n",
        'y.ts': "import type { X } from './x';\nexport interface Y {\n  x?: X;\n}\n",
      }),
    ).toEqual({ 'x.ts': [], 'y.ts': [] });
    expect(
      await lintFiles({
        'p.ts': "import { q } from './q';\nexport const p = q + 1;\n",
        'q.ts': 'export const q = 1;\n',
      }),
    ).toEqual({ 'p.ts': [], 'q.ts': [] });
  });
});
