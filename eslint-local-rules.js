// Rules of this code base that no installed plugin gives: import zones by path, no import
// cycles, kebab-case file names. (eslint-plugin-import-x has the first two as
// `no-restricted-paths` and `no-cycle`; it is not installed.)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '/index.ts', '/index.tsx'];

/** The file a relative specifier names, or null (packages, missing files, assets). */
function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(fromFile), specifier.replace(/\?.*$/, ''));
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext)]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every import and re-export of a module's source, with whether it is type-only. */
function importsOf(sourceFile) {
  const found = [];
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly, node });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, node });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false, node });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

const graphCache = new Map();

/** The files a file imports at run time (type-only imports leave no edge), cached by mtime. */
function runtimeImports(file) {
  const mtime = statSync(file).mtimeMs;
  const cached = graphCache.get(file);
  if (cached && cached.mtime === mtime) return cached.targets;
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const targets = importsOf(source)
    .filter((i) => !i.typeOnly)
    .map((i) => resolveImport(file, i.specifier))
    .filter((target) => target !== null);
  graphCache.set(file, { mtime, targets });
  return targets;
}

/** A path of run-time imports from `start` back to `file`, or null. */
function cycleThrough(file, start) {
  const seen = new Set();
  const stack = [[start, [start]]];
  while (stack.length > 0) {
    const [current, path] = stack.pop();
    if (current === file) return path;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const next of runtimeImports(current)) stack.push([next, [...path, next]]);
  }
  return null;
}

/** The ESTree import-like nodes of the file being linted, with their specifier and type-only flag. */
function eachImport(context, onImport) {
  const check = (node, source, typeOnly) => {
    if (source && typeof source.value === 'string') onImport(node, source.value, typeOnly);
  };
  const allTypes = (node) =>
    node.importKind === 'type' ||
    (node.specifiers.length > 0 &&
      node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
  return {
    ImportDeclaration: (node) => check(node, node.source, allTypes(node)),
    ExportNamedDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
    ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
    ImportExpression: (node) => check(node, node.source, false),
  };
}

const root = import.meta.dirname;
/** Whether `path` is `folder` (relative to `base`, the repository unless a test says) or inside it. */
const insideOf = (base, path, folder) => {
  const rel = relative(resolve(base, folder), path);
  return !rel.startsWith('..') && !isAbsolute(rel);
};

const noRestrictedPaths = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports into a folder come only from the folders it may use (by path).' },
    schema: [
      {
        type: 'object',
        properties: {
          zones: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                target: { type: 'string' },
                allow: { type: 'array', items: { type: 'string' } },
                within: { type: 'string' },
                packages: { type: 'array', items: { type: 'string' } },
                message: { type: 'string' },
              },
              required: ['target', 'message'],
            },
          },
          root: { type: 'string' },
        },
        required: ['zones'],
      },
    ],
  },
  create(context) {
    const file = context.filename;
    const { zones: all, root: base = root } = context.options[0];
    const inside = (path, folder) => insideOf(base, path, folder);
    const zones = all.filter((z) => inside(file, z.target));
    if (zones.length === 0) return {};
    return eachImport(context, (node, specifier) => {
      const target = resolveImport(file, specifier);
      for (const zone of zones) {
        if (target === null) {
          const blocked = (zone.packages ?? []).some(
            (p) => specifier === p || specifier.startsWith(p.endsWith('/') ? p : `${p}/`),
          );
          if (blocked) context.report({ node, message: zone.message });
          continue;
        }
        if (zone.within === undefined || !inside(target, zone.within)) continue;
        if (inside(target, zone.target)) continue;
        if ((zone.allow ?? []).some((folder) => inside(target, folder))) continue;
        context.report({
          node,
          message: `${zone.message} (${relative(base, target)})`,
        });
      }
    });
  },
};

const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'No module imports itself through others at run time.' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    return eachImport(context, (node, specifier, typeOnly) => {
      if (typeOnly) return;
      const target = resolveImport(file, specifier);
      if (target === null) return;
      const cycle = cycleThrough(file, target);
      if (cycle === null) return;
      context.report({
        node,
        message: `Import cycle: ${[file, ...cycle].map((f) => relative(root, f)).join(' → ')}`,
      });
    });
  },
};

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

const filenameCase = {
  meta: {
    type: 'suggestion',
    docs: {
      description: 'File names are kebab-case (`load-extract.ts`, `member-tables.test.ts`).',
    },
    schema: [],
  },
  create(context) {
    return {
      Program(node) {
        const name = basename(context.filename);
        if (!KEBAB.test(name)) {
          context.report({ node, message: `File name "${name}" is not kebab-case.` });
        }
      },
    };
  },
};

export default {
  rules: {
    'no-restricted-paths': noRestrictedPaths,
    'no-cycle': noCycle,
    'filename-case': filenameCase,
  },
};
