import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsxExecArgv } from './server-process.ts';
import type { SimulatorReply } from './simulator-process.ts';

const childPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'simulator-process.ts');

/** The parts of the AI simulator a bench fixture uses: where it listens, and how to stop it. */
export interface SimulatorHandle {
  url: string;
  close(): Promise<void>;
}

/** Starts the AI simulator in a child process (simulator-process.ts) and resolves once it listens. */
export async function startSimulatorChild(): Promise<SimulatorHandle> {
  const child = fork(childPath, [], { execArgv: tsxExecArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (type: SimulatorReply['type']) =>
    new Promise<SimulatorReply>((resolve, reject) => {
      const onMessage = (message: SimulatorReply) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`AI simulator process exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const listening = await next('listening');
  if (listening.type !== 'listening') throw new Error('AI simulator process did not start');
  return {
    url: listening.url,
    async close() {
      const closed = next('closed');
      child.send({ type: 'close' });
      await closed;
    },
  };
}
