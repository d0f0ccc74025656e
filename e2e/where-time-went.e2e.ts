import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReviewDetail, ReviewListResponse } from '@reviewtrace/contracts';
import { screenshotsDir } from './browser.ts';
import { OWNER } from './support/demo-server.ts';
import { createExternalReview, postEvents, statusEvent } from './support/external-review.ts';
import { sidewaysOverflow } from './support/overflow.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

const shotsDir = process.env['SHOTS_DIR'] ?? screenshotsDir;
mkdirSync(shotsDir, { recursive: true });

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
        // The batch that answered has its cost and tokens (one that got no answer says so instead).
        const answered = page.locator('.batches-table tbody tr', { has: page.locator('td', { hasText: /^\$\d/ }) });
        expect(await answered.count()).toBeGreaterThan(0);
        expect(await answered.first().textContent()).toMatch(/[\d,]+ in \/ [\d,]+ out/);
        await page.screenshot({
          path: path.join(shotsDir, `time-bar-${colorScheme}-${width}.png`),
          fullPage: true,
        });
        await bar.screenshot({ path: path.join(shotsDir, `time-bar-only-${colorScheme}-${width}.png`) });
        expect(await sidewaysOverflow(page), `${width} px ${colorScheme}`).toEqual([]);
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

  it('shows cost and tokens per connector × model on the Health page', async () => {
    await reviewOf('OpenAI (demo)', 'success');
    const context = await signedInContext(env.browser, env.demo, OWNER, { width: 390 });
    const page = await context.newPage();
    await page.goto(url('/health'));
    const card = page.getByRole('article', { name: 'OpenAI (demo)', exact: true });
    const cost = card.locator('dd.health-cost');
    await expect.poll(() => cost.textContent()).toMatch(/^\$\d/);
    expect(await card.locator('.health-usage').textContent()).toMatch(
      /a review · [\d,]+ tokens \([\d,]+ in \/ [\d,]+ out\)/,
    );
    // Ollama is self-hosted: $0, said as such, never "unknown".
    expect(
      await page
        .getByRole('article', { name: 'Local Ollama (demo)', exact: true })
        .locator('dd.health-cost')
        .textContent(),
    ).toBe('$0');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.screenshot({ path: path.join(shotsDir, 'health-cost-light-390.png'), fullPage: true });
    await context.close();
  });

  it('keeps a review canceled while its batch ran within 1280 px', async () => {
    // An engine that started a batch and a model call, then the cancel: the batch never finishes.
    const id = await createExternalReview(env.demo, 'Canceled while its batch ran');
    const startedAt = new Date(Date.now() - 5_000).toISOString();
    await postEvents(env.demo, id, [
      statusEvent('running'),
      { type: 'batch', batchId: 'batch-1', data: { batchId: 'batch-1', status: 'running', startedAt } },
      { type: 'model_call', batchId: 'batch-1', data: { batchId: 'batch-1', phase: 'start', attempt: 1 } },
    ]);
    await env.demo.api(OWNER, `/api/v1/reviews/${id}/cancel`, { method: 'POST' });
    const detail = () => env.demo.api<ReviewDetail>(OWNER, `/api/v1/reviews/${id}`);
    await expect.poll(async () => (await detail()).status).toBe('canceled');

    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(url(`/reviews/${id}`));
    await page.locator('.waterfall .waterfall-bar').first().waitFor();
    await page.locator('section.time-bar [data-time-part="noAnswer"]').waitFor();
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    await page.screenshot({ path: path.join(shotsDir, 'time-bar-canceled-light-1280.png'), fullPage: true });
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    const bar = await page.locator('.waterfall .waterfall-bar').first().boundingBox();
    const track = await page.locator('.waterfall .waterfall-track').first().boundingBox();
    expect(bar!.x + bar!.width).toBeLessThanOrEqual(track!.x + track!.width + 1);
    await context.close();
  });
});
