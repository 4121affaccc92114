#!/usr/bin/env node
// `npm test`: type check, lint, build, then every Vitest test (unit and browser) on the real
// engines, closing with one line that counts them.
//
// Three lanes run side by side, so that both cores work for the whole run (Vitest alone runs the
// unit files on one worker, then the browser files on one worker after them):
//   unit:    the unit project (it needs no build), from the start;
//   browser: build, then the browser project (one Chromium at a time, as vitest.config.ts says);
//   checks:  type check, then lint, once the build is done (so that the browser tests start as
//            early as they can).
// Each lane stops at its first failing step; the others run to the end, so one run shows every
// failure. Each output line is prefixed with its lane's name.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const npx = 'npx';

/** Runs one step, its output lines prefixed with `[lane]`; resolves to its exit status and wall time. */
function step(lane, title, args) {
  const started = Date.now();
  console.log(`[${lane}] ▶ ${title}`);
  return new Promise((resolve) => {
    const child = spawn(npx, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        console.log(`[${lane}] ${line}`);
      });
    }
    child.on('error', (error) => {
      console.log(`[${lane}] ${error.message}`);
    });
    child.on('close', (status) => {
      const seconds = (Date.now() - started) / 1000;
      const outcome = status === 0 ? 'done' : 'failed';
      console.log(
        `[${lane}] ${status === 0 ? '✔' : '✖'} ${title} ${outcome} in ${seconds.toFixed(1)} s`,
      );
      resolve({ lane, title, status: status ?? 1, seconds });
    });
  });
}

/** Runs `steps` one after another, stopping at the first that fails. */
async function lane(name, steps) {
  const results = [];
  for (const [title, args] of steps) {
    const result = await step(name, title, args);
    results.push(result);
    if (result.status !== 0) break;
  }
  return results;
}

/** The Vitest command for one project, writing its JSON report where `count` reads it. */
function vitest(project) {
  return [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=test-results/vitest-${project}.json`,
  ];
}

/** The counts of one project's JSON report; a report that is missing or unreadable counts as a failure. */
function count(project) {
  try {
    const report = JSON.parse(readFileSync(`test-results/vitest-${project}.json`, 'utf8'));
    return {
      passed: report.numPassedTests,
      failed:
        report.numFailedTests +
        (report.numTotalTestSuites > 0 && !report.success && report.numFailedTests === 0 ? 1 : 0),
      skipped: report.numPendingTests + report.numTodoTests,
    };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

const started = Date.now();
mkdirSync('test-results', { recursive: true });
// The build goes first beside the unit tests: the browser tests wait for it, the checks do not
// need to run before it.
const build = lane('browser', [['Build', ['vite', 'build', '--logLevel', 'warn']]]);
const lanes = await Promise.all([
  build.then(() =>
    lane('checks', [
      ['Type check', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
      ['Lint', ['eslint', '.', '--max-warnings=0']],
    ]),
  ),
  lane('unit', [['Unit tests', vitest('unit')]]),
  build.then(async (built) =>
    built[0].status === 0
      ? [...built, ...(await lane('browser', [['Browser tests', vitest('browser')]]))]
      : built,
  ),
]);

const results = lanes.flat();
console.log('\nSteps (wall time; the three lanes ran side by side):');
for (const { lane: name, title, status, seconds } of results)
  console.log(`  ${status === 0 ? '✔' : '✖'} [${name}] ${title}: ${seconds.toFixed(1)} s`);
console.log(`  total: ${((Date.now() - started) / 1000).toFixed(1)} s`);

const failedSteps = results.filter((r) => r.status !== 0);
const ranTests = results.filter((r) => r.title.endsWith('tests'));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const project of ['unit', 'browser']) {
  const testStep = ranTests.find((r) => r.lane === project);
  if (!testStep) {
    // Its lane stopped before the tests (the build failed): none of them ran.
    failed += 1;
    continue;
  }
  const counts = count(project);
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  if (testStep.status !== 0 && counts.failed === 0) failed += 1;
}
for (const { title } of failedSteps) console.error(`\n✖ ${title} failed`);
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length > 0 || failed > 0 || passed === 0 ? 1 : 0);
