/**
 * Code that runs inside the page. Playwright sends these functions as source text (fn.toString()),
 * so each one is self-contained: no imports, no module-level helpers, only its argument. Types are
 * erased, so they may name the interfaces below: the root tsconfig has no DOM lib (server code must
 * not see browser globals), and ProbeWindow lists the little of the DOM the probes touch.
 */
interface Box {
  top: number;
  bottom: number;
}

interface PageElement {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  getBoundingClientRect(): Box;
  getAttribute(name: string): string | null;
}

interface ProbeWindow {
  document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
  performance: {
    now(): number;
    getEntriesByType(type: 'resource'): { name: string; responseEnd: number }[];
  };
  requestAnimationFrame(callback: (time: number) => void): number;
  setTimeout(callback: () => void, ms: number): number;
  PerformanceObserver: new (callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
  __probe: Probe;
}

export interface LongTask {
  /** ms since navigation start (the page's performance.now()). */
  start: number;
  duration: number;
}

export interface Probe {
  longTasks: LongTask[];
  /** performance.now() of the first frame with a real (loaded) log line inside the viewport. */
  firstLineAt: number | null;
}

/**
 * tsx compiles with esbuild's keepNames, which wraps named functions in `__name(fn, "name")`; the page
 * has no such helper, so every page gets an identity one before the probes run.
 */
export const keepNamesShim = 'globalThis.__name = (fn) => fn;';

/** Installed before the app's own scripts (addInitScript): long tasks from the start, first line per frame. */
export function installProbe(): void {
  const w = globalThis as unknown as ProbeWindow;
  const probe: Probe = { longTasks: [], firstLineAt: null };
  w.__probe = probe;
  new w.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  // rAF callbacks run right before the frame is painted: the first frame whose DOM holds a real line
  // inside the viewport is the frame that shows it.
  const look = () => {
    const viewport = w.document.querySelector('[data-testid="log-viewport"]');
    if (viewport) {
      const box = viewport.getBoundingClientRect();
      const rows = w.document.querySelectorAll('.log-row[data-level]');
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!.getBoundingClientRect();
        if (row.bottom > box.top && row.top < box.bottom) {
          probe.firstLineAt = w.performance.now();
          return;
        }
      }
    }
    w.requestAnimationFrame(look);
  };
  w.requestAnimationFrame(look);
}

export const pageNow = () => (globalThis as unknown as ProbeWindow).performance.now();

export const firstLineAt = () => (globalThis as unknown as ProbeWindow).__probe.firstLineAt;

export const longTasksSince = (since: number) =>
  (globalThis as unknown as ProbeWindow).__probe.longTasks.filter((task) => task.start >= since);

/** When the detail and the tail arrived, and which scripts the page loaded (paths). */
export function loadTimings(reviewId: number): { detailAt?: number; tailAt?: number; scripts: string[] } {
  const entries = (globalThis as unknown as ProbeWindow).performance.getEntriesByType('resource');
  const paths = entries.map((e) => ({ url: new URL(e.name), at: e.responseEnd }));
  const base = `/api/v1/reviews/${reviewId}`;
  return {
    detailAt: paths.find((p) => p.url.pathname === base)?.at,
    tailAt: paths.find((p) => p.url.pathname === `${base}/events` && p.url.searchParams.has('tail'))?.at,
    scripts: paths.map((p) => p.url.pathname).filter((p) => p.endsWith('.js')),
  };
}

/** Whether line `seq` is loaded and wholly inside the log viewport (not just in the overscan). */
export function lineInView(seq: number): boolean {
  const w = globalThis as unknown as ProbeWindow;
  const viewport = w.document.querySelector('[data-testid="log-viewport"]');
  const row = w.document.querySelector(`.log-row[data-seq="${seq}"][data-level]`);
  if (!viewport || !row) return false;
  const outer = viewport.getBoundingClientRect();
  const inner = row.getBoundingClientRect();
  return inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
}

/** The highest loaded line rendered (in the viewport or its overscan). */
export function lastLineShown(): number {
  const rows = (globalThis as unknown as ProbeWindow).document.querySelectorAll('.log-row[data-level]');
  let last = 0;
  for (let i = 0; i < rows.length; i++) last = Math.max(last, Number(rows[i]!.getAttribute('data-seq')));
  return last;
}

/** Whether the "↓ n new lines" button shows, i.e. the view stopped following. */
export const newLinesShown = () => (globalThis as unknown as ProbeWindow).document.querySelector('.new-lines') !== null;

export interface ScrollPlan {
  /** How far to scroll up from the bottom, in lines (20 px each). */
  lines: number;
  /** Pixels per animation frame: a fast fling, so every frame brings dozens of new rows. */
  stepPx: number;
  /** A short rest every so often (one 500-line page) lets the panel fetch what it shows, as a reader's pauses do. */
  restEveryPx: number;
  restMs: number;
  /** Then jumps to these fractions of the whole log (a scrollbar drag), each followed by a longer rest. */
  jumps: number[];
}

/** Scrolls the log viewport frame by frame as planned; returns the frame intervals seen (ms). */
export async function scrollThrough(plan: ScrollPlan): Promise<number[]> {
  const w = globalThis as unknown as ProbeWindow;
  const viewport = w.document.querySelector('[data-testid="log-viewport"]')!;
  const frame = () => new Promise<number>((resolve) => w.requestAnimationFrame(resolve));
  const rest = (ms: number) => new Promise<void>((resolve) => w.setTimeout(resolve, ms));
  const intervals: number[] = [];
  let last = await frame();
  for (let moved = 0; moved < plan.lines * 20; moved += plan.stepPx) {
    viewport.scrollTop -= plan.stepPx;
    const now = await frame();
    intervals.push(now - last);
    last = now;
    if ((moved + plan.stepPx) % plan.restEveryPx < plan.stepPx) {
      await rest(plan.restMs);
      last = await frame();
    }
  }
  for (const fraction of plan.jumps) {
    viewport.scrollTop = fraction * (viewport.scrollHeight - viewport.clientHeight);
    await rest(plan.restMs * 3);
  }
  return intervals;
}

/** The frame intervals (ms) over the next `ms`: how smoothly the page keeps painting meanwhile. */
export async function recordFrames(ms: number): Promise<number[]> {
  const w = globalThis as unknown as ProbeWindow;
  const frame = () => new Promise<number>((resolve) => w.requestAnimationFrame(resolve));
  const intervals: number[] = [];
  const start = await frame();
  let last = start;
  while (last - start < ms) {
    const now = await frame();
    intervals.push(now - last);
    last = now;
  }
  return intervals;
}

/**
 * Shows each of `seqs` at the top of the viewport and waits until that line is loaded (not a
 * placeholder), so the log store really fetches every page on the way.
 */
export async function visitLines(seqs: number[]): Promise<void> {
  const w = globalThis as unknown as ProbeWindow;
  const viewport = w.document.querySelector('[data-testid="log-viewport"]')!;
  const frame = () => new Promise<number>((resolve) => w.requestAnimationFrame(resolve));
  for (const seq of seqs) {
    viewport.scrollTop = (seq - 1) * 20;
    const deadline = w.performance.now() + 10_000;
    while (!w.document.querySelector(`.log-row[data-seq="${seq}"][data-level]`)) {
      if (w.performance.now() > deadline) throw new Error(`line ${seq} did not load within 10 s`);
      await frame();
    }
  }
}
