/**
 * Turns the browser section's measurements into report tables: latencies as percentiles (ms since
 * navigation start, frame intervals, POSTs) and single numbers (long tasks, heap, bundle size) as
 * metric rows, each judged against the design's target where it sets one.
 */
import { bundleSize, initialScripts } from './browser-bundle.ts';
import type { FollowPlan, FollowResult, HeapReading, HeapResult, MainThread, OpenSamples } from './browser-cases.ts';
import type { ScrollPlan } from './browser-probe.ts';
import { contentionNote } from './contention.ts';
import { latencyRow, metric } from './live-tables.ts';
import type { SeededLog } from './live-windows.ts';
import type { ResultTable } from './section.ts';

const FIRST_LINE_MS = 1_500;
const LONG_TASK_MS = 50;
const INITIAL_JS_KB = 300;
/**
 * What the second half of the heap walk may add. A full store (40 pages) is ~4 MB of heap, so a store
 * that kept every page would add ~0.1 MB per page: 5 MB over the quick run's second half, 20 MB in full.
 */
const HEAP_SECOND_HALF_MB = 3;

const count = (n: number) => n.toLocaleString('en');

export function seedNote(seed: SeededLog): string {
  const s = seed.seconds;
  const seconds = (s.insert + s.indexes + s.vacuum).toFixed(1);
  return `${count(seed.events)} events seeded with INSERT … SELECT generate_series in ${seconds} s`;
}

export function openTable(reviewId: number, open: OpenSamples, warmup: number, notes: string[]): ResultTable {
  return {
    title: `browser · open a review · PostgreSQL · ${count(open.events)} events`,
    notes: [
      ...notes,
      `navigation start → first frame with a loaded line inside the log viewport, cold cache; ` +
        `${warmup} warm-up + ${open.firstLine.length} opens`,
      contentionNote(),
    ],
    rows: [
      latencyRow('first real line visible', open.firstLine, { ms: FIRST_LINE_MS }, `/reviews/${reviewId}`),
      latencyRow('detail response, since navigation', open.detailAt, undefined, `/api/v1/reviews/${reviewId}`),
      latencyRow('tail response (tail=1000), since navigation', open.tailAt),
    ],
  };
}

function mainThreadTable(title: string, notes: string[], run: MainThread): ResultTable {
  const tasks = run.longTasks.map((t) => t.duration);
  const longest = Math.max(0, ...tasks);
  const detail = tasks.length
    ? `longest at ${run.longTasks.find((t) => t.duration === longest)!.start.toFixed(0)} ms after navigation`
    : 'none: the Long Tasks API reports tasks over 50 ms only';
  return {
    title,
    notes: [...notes, contentionNote()],
    rows: [latencyRow('frame interval (rAF)', run.frames)],
    metrics: [
      metric('longest main-thread task', longest, 'ms', { atMost: LONG_TASK_MS, detail }),
      metric('tasks over 50 ms', tasks.length, 'tasks', { atMost: 0 }),
    ],
  };
}

export function scrollTable(events: number, plan: ScrollPlan, scroll: MainThread): ResultTable {
  return mainThreadTable(
    `browser · scrolling ${count(plan.lines)} lines of the ${count(events)}-line log`,
    [
      `${plan.stepPx} px per animation frame upwards from the tail, a ${plan.restMs} ms rest every ` +
        `${count(plan.restEveryPx)} px (pages load), then jumps to ${plan.jumps.join(', ')} of the log; ` +
        `${scroll.seconds.toFixed(1)} s`,
    ],
    scroll,
  );
}

export function followTable(plan: FollowPlan, follow: FollowResult): ResultTable {
  const rate = (plan.eventsPerPost * 1000) / plan.everyMs;
  const table = mainThreadTable(
    `browser · follow mode · ${rate} events/s for ${plan.seconds} s`,
    [
      `POST /api/v1/reviews/{id}/events, ${plan.eventsPerPost} events every ${plan.everyMs} ms ` +
        `(${count(follow.events)} events, through seq ${count(follow.lastSeq)}); the page at the bottom, live over SSE`,
    ],
    follow,
  );
  table.rows.push(latencyRow(`POST of ${plan.eventsPerPost} events`, follow.postMs));
  table.metrics!.push(
    metric('lines behind the last post, 10 s later', follow.linesBehind, 'lines', {
      atMost: 0,
      detail: follow.leftFollowMode ? 'the view left follow mode ("new lines" shown)' : 'still following',
    }),
    metric('last posted line shown after', follow.lagMs ?? Number.NaN, 'ms', {
      detail: 'from the last POST’s answer to that line inside the viewport',
    }),
  );
  return table;
}

export function heapTable(heap: HeapResult, seed: SeededLog): ResultTable {
  const mb = (name: string, reading: HeapReading) =>
    metric(name, reading.usedMb, 'MB', { detail: `${count(reading.domNodes)} DOM nodes` });
  return {
    title: `browser · JS heap · scrolling the whole ${count(seed.events)}-line log`,
    notes: [
      `each 500-line page shown and loaded in turn from the bottom up (${heap.seconds.toFixed(1)} s); ` +
        'heap = CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage',
      seedNote(seed),
      contentionNote(),
    ],
    rows: [],
    metrics: [
      mb('JS heap at the tail', heap.atOpen),
      mb(`JS heap after half the log (${heap.halfwayPages} pages)`, heap.halfway),
      mb(`JS heap after the whole log (${heap.pages} pages)`, heap.end),
      metric('growth over the second half', heap.end.usedMb - heap.halfway.usedMb, 'MB', {
        atMost: HEAP_SECOND_HALF_MB,
        detail: 'the store is full (40 pages) by halfway: later pages must replace, not add',
      }),
    ],
  };
}

/** Sizes from the files the build wrote; the review page's scripts are those Chromium loaded to show it. */
export async function bundleTable(dist: string, reviewPageScripts: string[], buildNote: string): Promise<ResultTable> {
  const initial = await bundleSize(dist, await initialScripts(dist));
  const reviewPage = await bundleSize(dist, [...initial.files, ...reviewPageScripts]);
  return {
    title: 'browser · SPA JavaScript size',
    notes: [buildNote, 'gzip = zlib default level, each file on its own, as a server compresses them'],
    rows: [],
    metrics: [
      metric('initial JS, gzipped', initial.gzipKb, 'KB', { atMost: INITIAL_JS_KB, detail: initial.files.join(' ') }),
      metric('initial JS, raw', initial.rawKb, 'KB'),
      metric('JS the review page loads, gzipped', reviewPage.gzipKb, 'KB', {
        n: reviewPage.files.length,
        detail: reviewPage.files.join(' '),
      }),
    ],
  };
}
