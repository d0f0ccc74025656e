/**
 * "browser" section: the web app in Debian's Chromium (playwright-core), served by the real API on
 * PostgreSQL, against the design's targets for the progress page:
 *
 * - first real log line on screen when opening a 1,000,000-event review (quick: 100,000): p95 ≤ 1.5 s;
 * - no main-thread task over 50 ms while scrolling 100,000 lines (quick: 20,000), nor while following
 *   a running review that receives 500 events/s through the ingestion API;
 * - JS heap bounded however much of the log is scrolled (the log store keeps ≤ 40 pages of 500 lines);
 * - initial JS ≤ 300 KB gzipped.
 *
 * The SPA is built from the working tree into a temporary directory (web/dist belongs to whoever
 * serves it) and served by the app in this process, as the live section's app is; Chromium runs the
 * page in its own processes. Long tasks come from a PerformanceObserver installed before the app's
 * scripts; heap readings from CDP after a forced GC.
 */
import { rm } from 'node:fs/promises';
import { startApp } from './lib/app-server.ts';
import {
  measureFollow,
  measureHeap,
  measureOpen,
  measureScroll,
  type FollowPlan,
  type Site,
} from './lib/browser-cases.ts';
import type { ScrollPlan } from './lib/browser-probe.ts';
import { buildWebApp, launchChromium } from './lib/browser-setup.ts';
import { bundleTable, followTable, heapTable, openTable, scrollTable, seedNote } from './lib/browser-tables.ts';
import { makeLiveOrgs } from './lib/live-fixture.ts';
import { seedReviewLog } from './lib/live-windows.ts';
import { log } from './lib/log.ts';
import { benchDatabaseUrl, freshBenchDatabase } from './lib/postgres.ts';
import type { BenchOptions, ResultTable, SectionResult } from './lib/section.ts';

interface BrowserPlan {
  openEvents: number;
  opens: { warmup: number; samples: number };
  scroll: ScrollPlan;
  follow: FollowPlan;
  /** Lines of the review whose whole log is walked for the heap (over twice the store's 20,000). */
  heapEvents: number;
}

function browserPlan(quick: boolean): BrowserPlan {
  return {
    openEvents: quick ? 100_000 : 1_000_000,
    opens: { warmup: 1, samples: 5 },
    scroll: {
      lines: quick ? 20_000 : 100_000,
      stepPx: 800,
      restEveryPx: 10_000,
      restMs: 100,
      jumps: [0, 0.5, 0.25, 1],
    },
    follow: { seconds: quick ? 5 : 10, eventsPerPost: 50, everyMs: 100, initialLines: 2_000 },
    heapEvents: quick ? 50_000 : 200_000,
  };
}

export async function runBrowser(options: BenchOptions): Promise<SectionResult> {
  const plan = browserPlan(options.quick);
  log('browser: building the web app (vite build into a temporary directory)…');
  const build = await buildWebApp();
  const buildNote = build.fallback ?? `SPA built from the working tree in ${build.seconds.toFixed(1)} s`;
  if (build.fallback) log(`browser: ${build.fallback}`);
  try {
    log(`browser · PostgreSQL (${benchDatabaseUrl()}): seeding…`);
    const database = await freshBenchDatabase();
    try {
      const [org] = await makeLiveOrgs(database.db, { orgs: 1, reviewsPerOrg: 3 });
      // In-progress reviews of one org: the big one, the one walked for the heap, the one followed live.
      const [big, heapReview, live] = [org!.reviews[0]!, org!.reviews[1]!, org!.reviews[2]!];
      const heapSeed = await seedReviewLog(database, heapReview, plan.heapEvents);
      const bigSeed = await seedReviewLog(database, big, plan.openEvents);
      const app = await startApp(database, org!.ownerId, { webDist: build.dir });
      const browser = await launchChromium();
      try {
        const site: Site = { browser, baseUrl: app.baseUrl, token: app.token };
        const chromium = `Chromium ${browser.version()} headless, 1280×900 window, a new context per page`;
        const tables: ResultTable[] = [];

        log(`browser: opening the ${plan.openEvents.toLocaleString('en')}-event review ${plan.opens.samples} times…`);
        const open = await measureOpen(site, { id: big.id, events: plan.openEvents }, plan.opens);
        tables.push(openTable(big.id, open, plan.opens.warmup, [buildNote, chromium, seedNote(bigSeed)]));

        log(`browser: scrolling ${plan.scroll.lines.toLocaleString('en')} lines…`);
        tables.push(scrollTable(plan.openEvents, plan.scroll, await measureScroll(site, big.id, plan.scroll)));

        log(`browser: following a running review for ${plan.follow.seconds} s…`);
        tables.push(followTable(plan.follow, await measureFollow(site, live.id, plan.follow)));

        log(`browser: walking the whole ${plan.heapEvents.toLocaleString('en')}-line log for the heap…`);
        tables.push(heapTable(await measureHeap(site, heapReview.id, plan.heapEvents), heapSeed));

        tables.push(await bundleTable(build.dir, open.scripts, buildNote));
        const meta = { plan, build: { seconds: build.seconds, fallback: build.fallback }, chromium: browser.version() };
        return { section: 'browser', tables, meta };
      } finally {
        await browser.close();
        await app.close();
      }
    } finally {
      await database.close();
    }
  } finally {
    if (!build.fallback) await rm(build.dir, { recursive: true, force: true });
  }
}
