import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startServer, tempDataDir } from '../../server/src/testing/processes.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A stopped demo's data directory with its whole history replayed (see demo-server.ts). */
    demoTemplateDir: string;
  }
}

/** How long the first start may take to replay the whole history on a busy 2-core machine. */
const HISTORY_TIMEOUT_MS = 600_000;

/**
 * Global setup of the browser tests: `npm start` once, on an empty data directory, until its demo
 * history is replayed; then stopped cleanly. Each test file's demo server starts from a copy: the
 * same data a visitor sees a few minutes after the first start, without every file replaying the
 * history again in the background (which made the browser tests compete for the CPU with it).
 */
export default async function setup(project: TestProject) {
  const dir = tempDataDir();
  const server = await startServer({ DATA_DIR: dir, LOG_LEVEL: 'info' });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the demo history was not replayed in ${HISTORY_TIMEOUT_MS} ms:\n${server.output()}`)),
        HISTORY_TIMEOUT_MS,
      );
      const check = () => {
        if (!server.output().includes('"msg":"demo history replayed"')) return;
        clearTimeout(timer);
        server.child.stdout.off('data', check);
        resolve();
      };
      server.child.stdout.on('data', check);
      check();
    });
  } finally {
    const code = await server.stop();
    if (code !== 0) console.error(`[demo-template] the template server exited with ${code}:\n${server.output()}`);
  }
  project.provide('demoTemplateDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
