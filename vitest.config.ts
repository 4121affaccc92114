import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
          // Guards against a hang, not speed limits (speed is the bench's, rule 8): npm test runs
          // these files beside the browser tests, and on a shared two-core machine a full run of
          // the command line or a load of the sample in a file's beforeAll has taken over 30 s.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two workers at least: npm test runs this project beside the browser one, and one
          // worker (Vitest's default here: cores less one) left it the last to finish.
          maxWorkers: Math.max(2, availableParallelism() - 1),
          // Files share one module graph: each file re-imported the engine client, the loader
          // and the measures (about 1 s a file on this machine). No test relies on a fresh module
          // state (no mocks; the helpers' id counters only ever go up).
          isolate: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
          // One module graph for all the files (each opens and closes its own Chromium); the group
          // order keeps `vitest run` of both projects valid on a machine with more cores, where
          // the unit project has more workers than this one.
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
