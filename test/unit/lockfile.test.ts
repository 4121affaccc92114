import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}

describe('package-lock.json', () => {
  it('lists no optional dependency it does not lock (npm ci would refuse it on a fresh clone)', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, LockEntry>;
    };
    const locked = new Set(
      Object.keys(lock.packages).map((key) => key.split('node_modules/').pop()),
    );
    const dangling = Object.entries(lock.packages).flatMap(([key, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !locked.has(name))
        .map((name) => `${key} → ${name} (run: node scripts/prune-lockfile.mjs)`),
    );
    expect(dangling).toEqual([]);
  });
});
