/**
 * Child process (forked by simulator-child.ts): the AI simulator answering at once (chunkDelayMs 0),
 * in a process of its own, so the CPU it spends generating and streaming answers is not taken from
 * the event loop of the engine it serves, as a real provider's is not.
 */
import { startAiSimulator } from '../../server/src/demo/ai-simulator/ai-simulator.ts';

/** Child → parent: where it listens, then (after 'close' from the parent) that it stopped. */
export type SimulatorReply = { type: 'listening'; url: string } | { type: 'closed' };

const simulator = await startAiSimulator({ chunkDelayMs: 0 });
process.send?.({ type: 'listening', url: simulator.url } satisfies SimulatorReply);
process.on('message', (message: { type: string }) => {
  if (message.type !== 'close') return;
  void simulator.close().then(() => {
    process.send?.({ type: 'closed' } satisfies SimulatorReply, () => process.exit(0));
  });
});
