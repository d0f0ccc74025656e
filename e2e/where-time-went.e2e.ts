import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ReviewDetail, ReviewListResponse } from '@reviewtrace/contracts';
import { screenshotsDir } from './browser.ts';
import { OWNER } from './support/demo-server.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

const shotsDir = process.env['SHOTS_DIR'] ?? screenshotsDir;
mkdirSync(shotsDir, { recursive: true });

/** Whether anything sticks out sideways: the page may scroll down, never across. */
const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('cost and where the time went on a finished demo review', () => {
  const env = startDemoAndBrowser();
  const url = (pathname: string) => new URL(pathname, env.demo.baseUrl).toString();
  /** The newest review of a demo connector in a status (the demo's history has every kind). */
  const reviewOf = async (connectorName: string, status: string) => {
    let id: number | undefined;
    await expect
      .poll(
        async () => {
          const query = new URLSearchParams({ connector_name: connectorName, status, per_page: '1' });
          const list = await env.demo.api<ReviewListResponse>(OWNER, `/api/v1/reviews?${query}`);
          id = list.items[0]?.id;
          return id;
        },
        { timeout: 60_000 },
      )
      .toBeDefined();
    return id!;
  };

  it('shows the cost, the usage per batch and the time bar at 1280 and 390 px, light and dark', async () => {
    const id = await reviewOf('OpenAI (demo)', 'success');
    for (const width of [1280, 390]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await signedInContext(env.browser, env.demo, OWNER, { width, colorScheme });
        const page = await context.newPage();
        await page.goto(url(`/reviews/${id}`));
        const bar = page.locator('section.time-bar');
        await bar.getByRole('img', { name: /^Where the time went, .+: .*Generation/ }).waitFor();
        // Each part is named with its duration in the legend, not by colour alone.
        const generation = bar.locator('[data-time-part="generation"]');
        expect(await generation.textContent()).toMatch(/Generation\s*[\d.]+\s*(ms|s)|Generation\s*\d+m/);
        expect(await bar.locator('.time-legend li').count()).toBeGreaterThanOrEqual(2);
        await bar.getByText(/^Wall-clock time from queued to the end/).waitFor();
        // Priced from the table: a cost in dollars in the header and per batch.
        const headerCost = page.locator('.facts div', { has: page.locator('dt', { hasText: /^Cost$/ }) }).locator('dd');
        expect(await headerCost.textContent()).toMatch(/^\$\d/);
        const batchRow = page.locator('.batches-table tbody tr').first();
        expect(await batchRow.locator('td').last().textContent()).toMatch(/^\$\d/);
        expect(await batchRow.textContent()).toMatch(/[\d,]+ in \/ [\d,]+ out/);
        expect(await overflowsSideways(page)).toBe(false);
        await page.screenshot({
          path: path.join(shotsDir, `time-bar-${colorScheme}-${width}.png`),
          fullPage: true,
        });
        await bar.screenshot({ path: path.join(shotsDir, `time-bar-only-${colorScheme}-${width}.png`) });
        await context.close();
      }
    }
  });

  it('names Ollama’s prompt eval and load as parts of the time, and its cost as self-hosted', async () => {
    const id = await reviewOf('Local Ollama (demo)', 'success');
    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(url(`/reviews/${id}`));
    const bar = page.locator('section.time-bar');
    await bar.locator('[data-time-part="promptEval"]').waitFor();
    expect(await bar.locator('[data-time-part="load"]').count()).toBe(1);
    expect(await page.locator('.batches-table tbody tr').first().locator('td').last().textContent()).toBe(
      '$0 (self-hosted)',
    );
    await context.close();
  });

  it('says "no answer" rather than $0 for a review whose calls all went unanswered', async () => {
    const id = await reviewOf('Overloaded GPU box (demo)', 'failed');
    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(url(`/reviews/${id}`));
    const cost = page.locator('.facts div', { has: page.locator('dt', { hasText: /^Cost$/ }) }).locator('dd');
    await expect.poll(() => cost.textContent()).toBe('— (no answer)');
    await page.locator('section.time-bar [data-time-part="noAnswer"]').waitFor();
    await page.screenshot({ path: path.join(shotsDir, 'time-bar-no-answer-light-1280.png'), fullPage: true });
    await context.close();
  });

  it('keeps a canceled review’s page within 1280 px', async () => {
    const query = new URLSearchParams({ status: 'canceled', per_page: '50' });
    const list = await env.demo.api<ReviewListResponse>(OWNER, `/api/v1/reviews?${query}`);
    // Canceled once batches ran: their bars are the ones that could run past the review's end.
    const withBatches: number[] = [];
    for (const review of list.items) {
      const detail = await env.demo.api<ReviewDetail>(OWNER, `/api/v1/reviews/${review.id}`);
      if (detail.batches.some((batch) => batch.startedAt !== null)) withBatches.push(review.id);
      if (withBatches.length === 5) break;
    }
    expect(withBatches.length).toBeGreaterThan(0);
    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    for (const id of withBatches) {
      await page.goto(url(`/reviews/${id}`));
      await page.locator('.waterfall .waterfall-bar').first().waitFor();
      await page.locator('section.time-bar .time-legend').waitFor();
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll, `review ${id}`).toBeLessThanOrEqual(widths.client);
    }
    await page.screenshot({ path: path.join(shotsDir, 'time-bar-canceled-light-1280.png'), fullPage: true });
    await context.close();
  });
});
