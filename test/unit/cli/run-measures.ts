import { spawnSync } from 'node:child_process';

/**
 * Runs the measures command line (src/cli/measures.ts, what `npm run measures --` runs) as its
 * own process, through tsx in this Node without npx's start-up: its exit status, standard output
 * and standard error lines.
 */
export function measures(...args: string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/measures.ts', ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const stderr = run.stderr
    .split('\n')
    .filter((line) => line !== '')
    .join('\n');
  return { status: run.status, stdout: run.stdout, stderr };
}
