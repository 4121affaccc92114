#!/usr/bin/env node
// `npm test`: type check, lint, build, then every Vitest test (unit and browser) on the real
// engines, closing with one line that counts them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

const npx = 'npx';
step('Type check', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
step('Lint', npx, ['eslint', '.', '--max-warnings=0']);
step('Build', npx, ['vite', 'build', '--logLevel', 'warn']);

mkdirSync('test-results', { recursive: true });
console.log('\n▶ Tests (unit and browser)');
const vitest = spawnSync(
  npx,
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/vitest.json',
  ],
  { stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  passed = report.numPassedTests;
  failed =
    report.numFailedTests +
    (report.numTotalTestSuites > 0 && !report.success && report.numFailedTests === 0 ? 1 : 0);
  skipped = report.numPendingTests + report.numTodoTests;
} catch {
  failed = Math.max(failed, 1);
}
if (vitest.status !== 0 && failed === 0) failed = 1;
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
