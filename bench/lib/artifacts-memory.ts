/**
 * Memory and CPU of the server process around one transfer: a settled baseline (after a full GC),
 * VmRSS sampled every ~50 ms while the transfer runs, and the kernel's own peak (VmHWM, reset just
 * before the transfer) so a spike between two samples is not missed.
 */
import type { ArtifactServer } from './artifacts-server.ts';
import { readProcMemory } from './artifacts-server.ts';

const SAMPLE_EVERY_MS = 50;

export interface MeasuredTransfer<T> {
  result: T;
  ms: number;
  /** VmRSS right before the transfer, after a full GC, KB. */
  baselineKb: number;
  /** Highest VmRSS sample during the transfer, KB. */
  sampledPeakKb: number;
  /** VmHWM after the transfer, reset to the baseline right before it; NaN where the reset failed. */
  hwmPeakKb: number;
  /** max(sampled, VmHWM) − baseline, KB. */
  peakDeltaKb: number;
  /** VmRSS after the transfer and another full GC, KB: what stays (heap grown, allocator slack). */
  afterGcKb: number;
  samples: number;
  /** Longest gap between two samples (the bench's event loop is busy with the client, and s3rver). */
  maxGapMs: number;
  /** CPU over the transfer, in cores (1 = one core busy). */
  serverCores: number;
  benchCores: number;
}

/** Polls /proc/<pid>/status one read at a time (no overlap) until stopped. */
function sampleRss(pid: number) {
  let stopped = false;
  let maxKb = 0;
  let samples = 0;
  let maxGapMs = 0;
  let last = performance.now();
  const loop = (async () => {
    while (!stopped) {
      const memory = await readProcMemory(pid);
      const now = performance.now();
      if (memory) {
        maxKb = Math.max(maxKb, memory.rssKb);
        samples++;
        maxGapMs = Math.max(maxGapMs, now - last);
        last = now;
      }
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { maxKb, samples, maxGapMs };
    },
  };
}

export async function measureTransfer<T>(
  server: ArtifactServer,
  transfer: () => Promise<T>,
): Promise<MeasuredTransfer<T>> {
  await server.collectGarbage();
  const before = await server.memory();
  if (!before) throw new Error(`cannot read /proc/${server.pid}/status: the artifacts section needs Linux`);
  const peakReset = await server.resetPeak();
  const serverCpuBefore = (await server.cpuMs()) ?? Number.NaN;
  const benchCpuBefore = process.cpuUsage();
  const sampler = sampleRss(server.pid);
  const started = performance.now();
  const outcome = await transfer().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const elapsed = performance.now() - started;
  const sampled = await sampler.stop();
  if (!outcome.ok) throw outcome.error;
  const serverCpuMs = ((await server.cpuMs()) ?? Number.NaN) - serverCpuBefore;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const after = await server.memory();
  const hwmPeakKb = peakReset && after ? after.hwmKb : Number.NaN;
  const peakKb = Math.max(sampled.maxKb, after?.rssKb ?? 0, Number.isNaN(hwmPeakKb) ? 0 : hwmPeakKb);
  await server.collectGarbage();
  const settled = await server.memory();
  return {
    result: outcome.value,
    ms: elapsed,
    baselineKb: before.rssKb,
    sampledPeakKb: sampled.maxKb,
    hwmPeakKb,
    peakDeltaKb: peakKb - before.rssKb,
    afterGcKb: settled?.rssKb ?? Number.NaN,
    samples: sampled.samples,
    maxGapMs: sampled.maxGapMs,
    serverCores: serverCpuMs / elapsed,
    benchCores: (benchCpu.user + benchCpu.system) / 1000 / elapsed,
  };
}
