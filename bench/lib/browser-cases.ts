/**
 * The browser measurements, each on a fresh signed-in page of the real SPA served by the real API.
 * Times inside the page are the page's performance.now() (ms since navigation start); lags that span
 * the bench and the page are taken in this process, where a round trip to the page costs ~1 ms.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  firstLineAt,
  lastLineShown,
  lineInView,
  loadTimings,
  longTasksSince,
  newLinesShown,
  pageNow,
  recordFrames,
  scrollThrough,
  visitLines,
  type LongTask,
  type ScrollPlan,
} from './browser-probe.ts';
import { signedInPage } from './browser-setup.ts';

export interface Site {
  browser: Browser;
  baseUrl: string;
  /** The review owner's JWT: the session cookie, and the bearer for ingestion. */
  token: string;
}

/** Events per page of the log store (web/src/features/log/log-store.ts). */
const STORE_PAGE = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens /reviews/:id and waits for the first real line in the viewport; ms since navigation start. */
async function openReview(site: Site, reviewId: number): Promise<{ context: BrowserContext; page: Page; at: number }> {
  const { context, page } = await signedInPage(site.browser, site.baseUrl, site.token);
  try {
    await page.goto(`${site.baseUrl}/reviews/${reviewId}`, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(firstLineAt, undefined, { timeout: 30_000 });
    return { context, page, at: (await handle.jsonValue()) as number };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** Long-task entries are delivered after the task ends: give the observer a moment before reading them. */
async function longTasks(page: Page, since: number): Promise<LongTask[]> {
  await sleep(200);
  return page.evaluate(longTasksSince, since);
}

export interface OpenSamples {
  events: number;
  firstLine: number[];
  detailAt: number[];
  tailAt: number[];
  /** Scripts the page loaded by then (URL paths), from the first sample. */
  scripts: string[];
}

/** `warmup` unmeasured opens (server JIT, database cache), then `samples` measured ones, each in a new context. */
export async function measureOpen(
  site: Site,
  review: { id: number; events: number },
  runs: { warmup: number; samples: number },
): Promise<OpenSamples> {
  const reviewId = review.id;
  const result: OpenSamples = { events: review.events, firstLine: [], detailAt: [], tailAt: [], scripts: [] };
  for (let i = 0; i < runs.warmup + runs.samples; i++) {
    const { context, page, at } = await openReview(site, reviewId);
    const timings = await page.evaluate(loadTimings, reviewId);
    await context.close();
    if (i < runs.warmup) continue;
    result.firstLine.push(at);
    if (timings.detailAt !== undefined) result.detailAt.push(timings.detailAt);
    if (timings.tailAt !== undefined) result.tailAt.push(timings.tailAt);
    if (!result.scripts.length) result.scripts = timings.scripts;
  }
  return result;
}

export interface MainThread {
  longTasks: LongTask[];
  /** Intervals between animation frames, ms (16.7 at 60 Hz when nothing stalls). */
  frames: number[];
  seconds: number;
}

/** Opens the review at the tail, lets it settle, then scrolls as planned. */
export async function measureScroll(site: Site, reviewId: number, plan: ScrollPlan): Promise<MainThread> {
  const { context, page } = await openReview(site, reviewId);
  try {
    await sleep(500);
    const since = await page.evaluate(pageNow);
    const started = performance.now();
    const frames = await page.evaluate(scrollThrough, plan);
    const seconds = (performance.now() - started) / 1000;
    return { longTasks: await longTasks(page, since), frames, seconds };
  } finally {
    await context.close();
  }
}

export interface FollowPlan {
  seconds: number;
  eventsPerPost: number;
  everyMs: number;
  /** Lines posted before the page opens, so it opens on a log with a tail. */
  initialLines: number;
}

export interface FollowResult extends MainThread {
  events: number;
  lastSeq: number;
  /** From the last POST's answer to that line being shown; null if it never was (within 10 s). */
  lagMs: number | null;
  /** Lines between the last one shown and the last one posted, 10 s after the last post. */
  linesBehind: number;
  /** The "↓ new lines" button showed at the end: the view had stopped following. */
  leftFollowMode: boolean;
  postMs: number[];
}

/** POST /reviews/:id/events as an external engine does; returns the review's last seq. */
async function postLines(site: Site, reviewId: number, count: number, label: string): Promise<number> {
  const events = Array.from({ length: count }, (_, i) => ({
    type: 'log',
    level: i % 50 === 0 ? 'warn' : 'info',
    data: { message: `${label} ${i}: reviewed src/module-${i}.ts, 4 hunks, model streaming (${i * 37} chars)` },
  }));
  const response = await fetch(`${site.baseUrl}/api/v1/reviews/${reviewId}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${site.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST events → ${response.status}: ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { lastSeq: number }).lastSeq;
}

/**
 * A running review open at the bottom (follow mode, SSE "Live") while this process posts
 * `eventsPerPost` events every `everyMs` on a fixed schedule (a slow POST does not lower the rate).
 */
export async function measureFollow(site: Site, reviewId: number, plan: FollowPlan): Promise<FollowResult> {
  let lastSeq = 0;
  for (let posted = 0; posted < plan.initialLines; posted += STORE_PAGE)
    lastSeq = await postLines(site, reviewId, STORE_PAGE, 'Earlier line');
  const { context, page } = await openReview(site, reviewId);
  try {
    await page.waitForFunction(lineInView, lastSeq, { timeout: 10_000 });
    await page.locator('[data-connection="live"]').first().waitFor({ timeout: 10_000 });
    await sleep(500);
    const since = await page.evaluate(pageNow);
    const frames = page.evaluate(recordFrames, plan.seconds * 1000);
    const posts = Math.round((plan.seconds * 1000) / plan.everyMs);
    const postMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < posts; i++) {
      const wait = started + i * plan.everyMs - performance.now();
      if (wait > 0) await sleep(wait);
      const t0 = performance.now();
      lastSeq = await postLines(site, reviewId, plan.eventsPerPost, `Live line ${i}`);
      postMs.push(performance.now() - t0);
    }
    const lastPost = performance.now();
    let lagMs: number | null = null;
    try {
      await page.waitForFunction(lineInView, lastSeq, { timeout: 10_000 });
      lagMs = performance.now() - lastPost;
    } catch {
      // Not shown within 10 s: reported as lines behind.
    }
    const shown = await page.evaluate(lastLineShown);
    return {
      longTasks: await longTasks(page, since),
      frames: await frames,
      seconds: (lastPost - started) / 1000,
      events: posts * plan.eventsPerPost,
      lastSeq,
      lagMs,
      linesBehind: lastSeq - shown,
      leftFollowMode: await page.evaluate(newLinesShown),
      postMs,
    };
  } finally {
    await context.close();
  }
}

export interface HeapReading {
  usedMb: number;
  domNodes: number;
}

export interface HeapResult {
  pages: number;
  halfwayPages: number;
  atOpen: HeapReading;
  halfway: HeapReading;
  end: HeapReading;
  seconds: number;
}

/**
 * JS heap after a forced GC (CDP) at the tail, after scrolling through half of the log and after the
 * whole of it, page by page from the bottom up, each page loaded before moving on. With the store
 * capped at 40 pages, the second half of a log well over 80 pages must not add to the heap.
 */
export async function measureHeap(site: Site, reviewId: number, events: number): Promise<HeapResult> {
  const { context, page } = await openReview(site, reviewId);
  try {
    await sleep(500);
    const cdp = await context.newCDPSession(page);
    const reading = async (): Promise<HeapReading> => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const { nodes } = await cdp.send('Memory.getDOMCounters');
      return { usedMb: usedSize / 1024 / 1024, domNodes: nodes };
    };
    const pages = Math.ceil(events / STORE_PAGE);
    const firstLines = Array.from({ length: pages }, (_, i) => (pages - 1 - i) * STORE_PAGE + 1);
    const half = Math.ceil(pages / 2);
    const atOpen = await reading();
    const started = performance.now();
    await page.evaluate(visitLines, firstLines.slice(0, half));
    const halfway = await reading();
    await page.evaluate(visitLines, firstLines.slice(half));
    const seconds = (performance.now() - started) / 1000;
    return { pages, halfwayPages: half, atOpen, halfway, end: await reading(), seconds };
  } finally {
    await context.close();
  }
}
