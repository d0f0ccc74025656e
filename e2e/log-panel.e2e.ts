import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshotsDir } from './browser.ts';
import { MEMBER, startDemoServer, type DemoServer } from './support/demo-server.ts';
import { createExternalReview, logLine, logLines, postEvents, statusEvent } from './support/external-review.ts';
import { lineInView, signedInContext } from './support/page-helpers.ts';

const LINES = 5000;

describe('the log panel of a 5,000-line review', () => {
  let demo: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let reviewId: number;

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchChromium();
    reviewId = await createExternalReview(demo, 'Log panel e2e');
    const before = await postEvents(demo, reviewId, [statusEvent('running')]);
    // Line N (= seq N) says "line N"; line 17, far from the tail, carries a word nothing else has.
    const last = await postEvents(
      demo,
      reviewId,
      logLines(LINES - before, (i) =>
        before + i === 17 ? 'line 17 needle-in-the-haystack' : `line ${before + i} routine progress`,
      ),
    );
    expect(last).toBe(LINES);
    context = await signedInContext(browser, demo, MEMBER);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('opens at the tail, follows new lines while at the bottom, and offers "new lines" when scrolled up', async () => {
    const page = await context.newPage();
    await page.goto(`${demo.baseUrl}/reviews/${reviewId}`);
    await expect.poll(() => lineInView(page, LINES)).toBe(true);
    await expect.poll(() => page.locator('[data-connection]').first().textContent()).toMatch(/Live/);

    await postEvents(demo, reviewId, [logLine('follow one'), logLine('follow two')]);
    await expect.poll(() => lineInView(page, LINES + 2)).toBe(true);
    expect(await page.getByRole('button', { name: /new line/ }).count()).toBe(0);

    await page.getByTestId('log-viewport').evaluate((el) => (el.scrollTop = 0));
    await expect.poll(() => lineInView(page, 1)).toBe(true);
    await postEvents(demo, reviewId, [logLine('a'), logLine('b'), logLine('c')]);
    const button = page.getByRole('button', { name: '3 new lines' });
    await button.waitFor();
    expect(await lineInView(page, 1)).toBe(true); // reading position kept
    await button.click();
    await expect.poll(() => lineInView(page, LINES + 5)).toBe(true);
    await expect.poll(() => button.count()).toBe(0);
    await page.close();
  });

  it('opens a permalink to a line that is not loaded yet, selected and in view', async () => {
    const page = await context.newPage();
    await page.goto(`${demo.baseUrl}/reviews/${reviewId}#L42-44`);
    await expect.poll(() => lineInView(page, 43)).toBe(true);
    const row = page.locator('.log-row[data-seq="42"]');
    await expect.poll(() => row.textContent()).toContain('line 42 routine progress');
    expect(await row.getAttribute('class')).toContain('selected');
    expect(await page.locator('.log-row.selected').count()).toBe(3);
    await page.close();
  });

  it('searches the whole log on the server and jumps to a match outside the loaded window', async () => {
    const page = await context.newPage();
    await page.goto(`${demo.baseUrl}/reviews/${reviewId}`);
    await expect.poll(() => lineInView(page, LINES)).toBe(true);
    await page.getByPlaceholder('Search the whole log').fill('needle-in-the');
    await expect.poll(() => page.locator('.match-count').textContent()).toBe('1 match');
    await page.getByPlaceholder('Search the whole log').press('Enter');
    await expect.poll(() => lineInView(page, 17)).toBe(true);
    await expect.poll(() => page.locator('.log-row[data-seq="17"] mark').textContent()).toBe('needle-in-the');
    expect(new URL(page.url()).hash).toBe('#L17');
    await page.screenshot({ path: path.join(screenshotsDir, 'log-search-1280.png') });
    await page.close();
  });

  it('jumps to the next error with its shortcut', async () => {
    await postEvents(demo, reviewId, [logLine('the model answered 500', 'error')]);
    const page = await context.newPage();
    await page.goto(`${demo.baseUrl}/reviews/${reviewId}#L1`);
    await expect.poll(() => lineInView(page, 1)).toBe(true);
    await page.getByTestId('log-viewport').focus();
    await page.keyboard.press('e');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#L${LINES + 6}`);
    await expect.poll(() => lineInView(page, LINES + 6)).toBe(true);
    await page.close();
  });

  it('scrolls the page to a permalinked line, centred in the log, on open and on hash change', async () => {
    const narrow = await signedInContext(browser, demo, MEMBER, { width: 390 });
    const page = await narrow.newPage();
    await page.goto(`${demo.baseUrl}/reviews/${reviewId}#L300`);
    await expect.poll(() => lineInView(page, 300), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => placement(page, 300)).toEqual({ inWindow: true, centredInLog: true });
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.evaluate(() => (window.location.hash = '#L4000-4002'));
    await expect.poll(() => lineInView(page, 4001)).toBe(true);
    await expect.poll(() => placement(page, 4000)).toEqual({ inWindow: true, centredInLog: true });
    expect(await page.locator('.log-row.selected').count()).toBe(3);
    await narrow.close();
  });

  it('takes its shortcuts wherever focus is outside a text field, and lists them under ?', async () => {
    const page = await context.newPage();
    await page.goto(`${demo.baseUrl}/reviews/${reviewId}#L1`);
    await expect.poll(() => lineInView(page, 1)).toBe(true);
    await page.getByRole('heading', { level: 1 }).click(); // focus on the page, not the log

    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    for (const key of ['/', 'n', 'N', 'e', 'End', '?'])
      expect(await dialog.locator('kbd', { hasText: key }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screenshotsDir, 'log-shortcuts-1280.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.keyboard.press('e');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#L${LINES + 6}`);
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    await expect.poll(() => lineInView(page, LINES + 6)).toBe(true);

    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('/');
    const search = page.getByPlaceholder('Search the whole log');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('needle-in-the');
    expect(await search.inputValue()).toBe('needle-in-the'); // its "n"s and "e"s were typed, not taken
    await expect.poll(() => page.locator('.match-count').textContent()).toBe('1 match');
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('n');
    await expect.poll(() => lineInView(page, 17)).toBe(true);
    await page.close();
  });
});

/** Whether line `seq` is inside the browser window, and near the middle of the log viewport. */
function placement(page: Page, seq: number) {
  return page.evaluate((line) => {
    const viewport = document.querySelector('[data-testid="log-viewport"]')!.getBoundingClientRect();
    const row = document.querySelector(`.log-row[data-seq="${line}"]`)?.getBoundingClientRect();
    if (!row) return { inWindow: false, centredInLog: false };
    const middle = (row.top + row.bottom) / 2;
    return {
      inWindow: row.top >= 0 && row.bottom <= window.innerHeight,
      centredInLog: Math.abs(middle - (viewport.top + viewport.bottom) / 2) < viewport.height / 4,
    };
  }, seq);
}
