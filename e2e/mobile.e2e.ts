import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotsDir } from './browser.ts';
import { OWNER, startDemoServer, type DemoServer } from './support/demo-server.ts';
import { createExternalReview, logLine, postEvents, statusEvent } from './support/external-review.ts';

/** The widest thing a phone page may hold: nothing wider than the screen, so no sideways page scroll. */
const pageOverflow = (page: Page) =>
  page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // The first few elements that stick out, to name the culprit when the test fails.
    culprits: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => !el.parentElement?.closest('.table-scroll, .log-viewport') && !el.closest('.visually-hidden'))
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`)
      .slice(0, 5),
  }));

/** Letters, digits, punctuation and the few symbols every Debian font has; icons must be SVG. */
const unsafeText = (page: Page) =>
  page.evaluate(() => {
    const safe = /^[\p{L}\p{N}\p{Zs}\p{P}\n\t+<>=|~^$`·×…•—–‘’“”→←≈±°%#@&*/\\]*$/u;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      // User content (titles, log lines, code) is the user's; the app's own chrome must be safe.
      if (!parent || parent.closest('.log-viewport, pre, code, .markdown, option')) continue;
      const text = node.textContent ?? '';
      if (!safe.test(text)) found.push(text.trim().slice(0, 40));
    }
    return found.slice(0, 5);
  });

const LONG_TITLE = `Refactor ${'the-configuration-loader-and-its-environment-variable-parsing'.repeat(2)} for phones`;
const LONG_URL = `https://github.com/acme/${'very-long-repository-name-'.repeat(4)}/pull/4242`;

describe('phones (390 px) and desktops (1280 px) in both themes', () => {
  let demo: DemoServer;
  let browser: Browser;
  let runningId: number;
  let failedId: number;

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchChromium();
    runningId = await demo
      .api<{ id: number }>(OWNER, '/api/v1/reviews', {
        method: 'POST',
        body: { engine: 'external', prMrUrl: LONG_URL, title: LONG_TITLE, repository: 'acme/' + 'x'.repeat(80) },
      })
      .then((review) => review.id);
    await postEvents(demo, runningId, [
      statusEvent('running'),
      { type: 'batch', batchId: 'batch-1', data: { status: 'running', fileCount: 3 } },
      logLine(`fetching ${LONG_URL}?${'q=1&'.repeat(60)}`),
    ]);
    const { items } = await demo.api<{ items: { id: number }[] }>(OWNER, '/api/v1/reviews?status=failed');
    failedId = items[0]!.id;
    // An unrelated review so the list has a running row with a long title among the demo ones.
    await createExternalReview(demo, 'Short title');
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  for (const [theme, width] of [
    ['light', 390],
    ['dark', 390],
    ['light', 1280],
    ['dark', 1280],
  ] as const) {
    it(`list, running and failed review, settings and health fit ${width} px in the ${theme} theme`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 844 } });
      const page = await context.newPage();
      await page.goto(demo.signInLink(OWNER));
      await page.waitForURL(/\/reviews$/);
      // The header's own theme switch, as a person would use it.
      await page.getByLabel('Theme').selectOption(theme);
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);

      const pages: [string, string, () => Promise<unknown>][] = [
        ['list', '/reviews', () => page.locator('[data-review-id]').first().waitFor()],
        ['running', `/reviews/${runningId}`, () => page.locator('.log-row[data-level]').first().waitFor()],
        ['failed', `/reviews/${failedId}`, () => page.getByRole('alert').first().waitFor()],
        ['settings', '/settings', () => page.locator('#connectors tbody tr').first().waitFor()],
        ['health', '/health', () => page.getByRole('heading', { level: 1 }).waitFor()],
      ];
      const found = [];
      for (const [name, pathname, ready] of pages) {
        await page.goto(new URL(pathname, demo.baseUrl).toString());
        await ready();
        found.push({ name, ...(await pageOverflow(page)), unsafe: await unsafeText(page) });
        await page.screenshot({
          path: path.join(screenshotsDir, `layout-${name}-${theme}-${width}.png`),
          fullPage: true,
          clip: { x: 0, y: 0, width, height: 1600 },
        });
      }
      expect(found).toEqual(
        pages.map(([name]) => ({ name, scrollWidth: width, innerWidth: width, culprits: [], unsafe: [] })),
      );
      await context.close();
    });
  }

  it('shows the reviews list as cards with status, title, repository, duration and update below 640 px', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(demo.signInLink(OWNER));
    const card = page.locator(`[data-review-id="${runningId}"]`);
    await card.waitFor();
    // No table header row on a phone; each review reads as a block with its labels.
    expect(await page.locator('.reviews-table thead').isVisible()).toBe(false);
    const box = (await card.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    const text = await card.innerText();
    for (const label of ['Running', LONG_TITLE.slice(0, 20), 'acme/', 'Duration', 'Last update', 'Connector']) {
      expect(text).toContain(label);
    }
    expect(await card.locator('.pill svg').count()).toBe(1);
    await context.close();
  });
});
