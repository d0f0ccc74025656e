import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { OWNER, startDemoServer, type DemoServer } from './support/demo-server.ts';
import { createExternalReview, logLine, postEvents, statusEvent } from './support/external-review.ts';
import { signedInContext } from './support/page-helpers.ts';

const terminal = /^(success|failed|canceled)$/;

describe('live updates without reloading', () => {
  let demo: DemoServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchChromium();
    context = await signedInContext(browser, demo, OWNER);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('a running demo review moves on the list and on its page', async () => {
    const list = await context.newPage();
    await list.goto(`${demo.baseUrl}/reviews`);
    await list.locator('[data-connection="live"]').waitFor();

    // The demo starts a review every ~20 s and some finish in seconds: try running ones until one is
    // still running when its page has opened.
    const tried = new Set<string>();
    let id = 0;
    const page = await context.newPage();
    const connection = () => page.locator('[data-connection]').first().getAttribute('data-connection');
    const lineCount = async () =>
      Number(
        /([\d,]+) lines/
          .exec((await page.getByTestId('log-viewport').getAttribute('aria-label')) ?? '')?.[1]
          ?.replace(/,/g, ''),
      );
    for (let attempt = 0; attempt < 5 && !id; attempt++) {
      const untried = async () =>
        (
          await list
            .locator('tbody tr[data-status="running"]')
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-review-id')))
        ).find((r) => r && !tried.has(r));
      await expect.poll(untried, { timeout: 60_000 }).toBeTruthy();
      const candidate = (await untried())!;
      tried.add(candidate);
      await page.goto(`${demo.baseUrl}/reviews/${candidate}`);
      await expect.poll(connection).toMatch(/^(live|ended)$/);
      if ((await connection()) !== 'live') continue;
      const before = await lineCount();
      await expect
        .poll(async () => (await lineCount()) > before || (await connection()) === 'ended', { timeout: 30_000 })
        .toBe(true);
      if ((await lineCount()) > before) id = Number(candidate);
    }
    expect(id).toBeGreaterThan(0);

    // Its end reaches both without a reload: the list row and the page's status pill.
    const row = list.locator(`tbody tr[data-review-id="${id}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 120_000 }).toMatch(terminal);
    await expect
      .poll(() => page.locator('.review-title-row [data-status]').getAttribute('data-status'), { timeout: 10_000 })
      .toMatch(terminal);
    await expect.poll(() => page.locator('[data-connection]').first().getAttribute('data-connection')).toBe('ended');
    await list.close();
    await page.close();
  });

  it('a new review appears on top of the list, highlighted, and follows its status', async () => {
    const list = await context.newPage();
    await list.goto(`${demo.baseUrl}/reviews`);
    await list.locator('[data-connection="live"]').waitFor();
    const id = await createExternalReview(demo, 'Arrives live on the list');
    const row = list.locator(`tbody tr[data-review-id="${id}"]`);
    await row.waitFor({ timeout: 5_000 });
    // On top of what was there: only reviews created after it (the demo keeps starting some) sit above.
    const ids = (
      await list.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-review-id')))
    ).map(Number);
    expect(ids.slice(0, ids.indexOf(id)).every((above) => above > id)).toBe(true);
    expect(ids.indexOf(id)).toBeLessThan(3);
    expect(await row.getAttribute('class')).toContain('row-fresh');
    expect(await row.getAttribute('data-status')).toBe('queued');

    await postEvents(demo, id, [statusEvent('running'), logLine('working')]);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 5_000 }).toBe('running');
    await postEvents(demo, id, [
      { type: 'completion', data: { resultSummary: 'done', commentCount: 0 } },
      statusEvent('success'),
    ]);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 5_000 }).toBe('success');
    expect(await list.title()).toContain('Reviews');
    await list.close();
  });
});
