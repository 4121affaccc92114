#!/usr/bin/env node
// `npm ci` refuses a lock in which a package lists an optional dependency that the lock does not
// hold. The registry this project is built against serves @duckdb/node-bindings only for
// linux-x64, so `npm install` writes such edges for the other platforms' bindings. This drops
// optional edges to packages absent from the lock; run it after `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const locked = new Set(Object.keys(lock.packages).map((key) => key.split('node_modules/').pop()));
let pruned = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  if (!entry.optionalDependencies) continue;
  const kept = Object.entries(entry.optionalDependencies).filter(([name]) => {
    if (locked.has(name)) return true;
    pruned += 1;
    console.log(
      `${key || '(root)'}: dropped the optional ${name}, which the registry does not serve`,
    );
    return false;
  });
  entry.optionalDependencies = Object.fromEntries(kept);
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  pruned === 0 ? 'package-lock.json: nothing to prune' : `package-lock.json: pruned ${pruned}`,
);
