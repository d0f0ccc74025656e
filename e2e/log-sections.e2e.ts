import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotsDir } from './browser.ts';
import { MEMBER, startDemoServer, type DemoServer } from './support/demo-server.ts';
import {
  createExternalReview,
  logLine,
  postEvents,
  statusEvent,
  type IncomingEvent,
} from './support/external-review.ts';
import { lineInView, signedInContext } from './support/page-helpers.ts';

const batchEvent = (batchId: string, status: string, extra: Record<string, unknown> = {}): IncomingEvent => ({
  type: 'batch',
  batchId,
  level: status === 'failed' ? 'error' : 'info',
  data: { batchId, status, ...extra },
});
const batchLines = (batchId: string, count: number) =>
  Array.from({ length: count }, (_, i) => logLine(`${batchId} working ${i + 1}`, 'info', batchId));

const headerOf = (page: Page, title: string) =>
  page.locator('.log-row.section-start').filter({ has: page.locator('.section-head strong', { hasText: title }) });
const toggleOf = (page: Page, title: string) =>
  page.getByRole('button', { name: new RegExp(`^(Expand|Collapse) ${title}$`) });

describe('log sections of a failed review with two batches', () => {
  let demo: DemoServer;
  let browser: Browser;
  let reviewId: number;
  let errorSeq: number;
  let b2Start: number;

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchChromium();
    reviewId = await createExternalReview(demo, 'Sections e2e');
    await postEvents(demo, reviewId, [
      statusEvent('running'),
      logLine('Loading the change'),
      batchEvent('batch-1', 'queued', { fileCount: 2 }),
      batchEvent('batch-2', 'queued', { fileCount: 3 }),
      batchEvent('batch-1', 'running', { fileCount: 2 }),
      ...batchLines('batch-1', 400),
      batchEvent('batch-1', 'success', { commentCount: 1, durationMs: 4200 }),
    ]);
    b2Start = await postEvents(demo, reviewId, [batchEvent('batch-2', 'running', { fileCount: 3 })]);
    await postEvents(demo, reviewId, batchLines('batch-2', 10));
    errorSeq = await postEvents(demo, reviewId, [logLine('the model answered 500', 'error', 'batch-2')]);
    await postEvents(demo, reviewId, [
      ...batchLines('batch-2', 290),
      batchEvent('batch-2', 'failed', { durationMs: 9100 }),
      ...Array.from({ length: 300 }, (_, i) => logLine(`wrapping up ${i + 1}`)),
      statusEvent('failed'),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('opens with the failing section expanded at its first error, the others collapsed to their headers', async () => {
    const context = await signedInContext(browser, demo, MEMBER);
    const page = await context.newPage();
    await page.goto(`${demo.baseUrl}/reviews/${reviewId}`);
    await expect.poll(() => lineInView(page, errorSeq), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => new URL(page.url()).hash).toBe('');
    expect(await page.locator(`.log-row[data-seq="${errorSeq}"]`).getAttribute('class')).toContain('selected');

    expect(await toggleOf(page, 'Batch 2').getAttribute('aria-expanded')).toBe('true');
    for (const title of ['Set up', 'Batch 1'])
      expect(await toggleOf(page, title).getAttribute('aria-expanded')).toBe('false');
    const b2 = headerOf(page, 'Batch 2');
    expect(await b2.locator('.section-outcome').textContent()).toContain('failed');
    expect(await b2.locator('.section-duration').textContent()).toBe('9.1 s');
    // batch-1's lines are hidden: its header is followed by batch-2's header.
    expect(await page.locator('.log-row[data-seq="10"]').count()).toBe(0);
    await page.getByTestId('log-viewport').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => toggleOf(page, 'Finish').getAttribute('aria-expanded')).toBe('false');

    await page.getByTestId('log-viewport').evaluate((el) => (el.scrollTop = 0));
    await expect.poll(() => page.locator('.log-row[data-seq="1"][data-level]').count()).toBe(1);
    await page.locator('.log-panel').screenshot({ path: path.join(screenshotsDir, 'log-sections-failed-1280.png') });
    await toggleOf(page, 'Batch 1').click();
    await expect.poll(() => toggleOf(page, 'Batch 1').getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => lineInView(page, 10)).toBe(true);
    expect(await page.locator('.log-row[data-seq="10"]').textContent()).toContain('batch-1 working');

    await toggleOf(page, 'Batch 1').click();
    await expect.poll(() => page.locator('.log-row[data-seq="10"]').count()).toBe(0);
    await context.close();

    const narrow = await signedInContext(browser, demo, MEMBER, { width: 390, colorScheme: 'dark' });
    const phone = await narrow.newPage();
    await phone.goto(`${demo.baseUrl}/reviews/${reviewId}`);
    await expect.poll(() => lineInView(phone, errorSeq), { timeout: 10_000 }).toBe(true);
    await phone.getByTestId('log-viewport').evaluate((el) => (el.scrollTop = 0));
    await expect.poll(() => toggleOf(phone, 'Batch 2').getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => phone.locator('.log-row[data-seq="1"][data-level]').count()).toBe(1);
    await phone
      .locator('.log-panel')
      .screenshot({ path: path.join(screenshotsDir, 'log-sections-failed-390-dark.png') });
    await narrow.close();
  });

  it('expands a collapsed section for a permalink into it', async () => {
    const context = await signedInContext(browser, demo, MEMBER);
    const page = await context.newPage();
    const finishLine = errorSeq + 300;
    await page.goto(`${demo.baseUrl}/reviews/${reviewId}#L${b2Start - 100}`);
    // The line is in batch-1, which a failed review would open collapsed.
    await expect.poll(() => lineInView(page, b2Start - 100), { timeout: 10_000 }).toBe(true);

    await page.evaluate((line) => (window.location.hash = `#L${line}`), finishLine);
    await expect.poll(() => lineInView(page, finishLine), { timeout: 10_000 }).toBe(true);
    expect(await toggleOf(page, 'Finish').getAttribute('aria-expanded')).toBe('true');
    await context.close();
  });

  it('wraps long lines on demand, and opens one on a tap at 390 px', async () => {
    const id = await createExternalReview(demo, 'Long lines');
    const long = `a long line ${'lorem ipsum dolor sit amet '.repeat(12)}THE END`;
    await postEvents(demo, id, [statusEvent('running'), logLine(long), logLine('short')]);
    const context = await signedInContext(browser, demo, MEMBER, { width: 390 });
    const page = await context.newPage();
    await page.goto(`${demo.baseUrl}/reviews/${id}`);
    const row = page.locator('.log-row[data-seq="2"]');
    await expect.poll(() => row.textContent()).toContain('THE END');
    const height = () => row.evaluate((el) => el.getBoundingClientRect().height);
    expect(await height()).toBe(20);

    await row.locator('.log-text').click();
    await expect.poll(height).toBeGreaterThan(40);
    // The next line moved down below it rather than being overlapped.
    const next = page.locator('.log-row[data-seq="3"]');
    const [bottom, top] = await Promise.all([
      row.evaluate((el) => el.getBoundingClientRect().bottom),
      next.evaluate((el) => el.getBoundingClientRect().top),
    ]);
    expect(top).toBeGreaterThanOrEqual(bottom - 1);
    await page.screenshot({ path: path.join(screenshotsDir, 'log-line-expanded-390.png') });
    await row.locator('.log-text').click();
    await expect.poll(height).toBe(20);

    await page.getByLabel('Wrap lines').check();
    await expect.poll(height).toBeGreaterThan(40);
    await context.close();
  });
});
