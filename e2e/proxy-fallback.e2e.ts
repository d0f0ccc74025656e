import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, screenshotsDir } from './browser.ts';
import { MEMBER, startDemoServer, type DemoServer } from './support/demo-server.ts';
import { createExternalReview, logLine, postEvents, statusEvent } from './support/external-review.ts';
import { startBufferingProxy, type Proxy } from './support/nginx.ts';
import { connectionText, signedInContext } from './support/page-helpers.ts';

/**
 * The spec's own failure: a proxy that buffers SSE. Behind a real nginx that ignores our
 * X-Accel-Buffering header, the page must notice within 10 s, say "Updating every 5 s", and keep
 * showing new events by polling. Directly, the same page is "Live".
 */
describe('live transport behind a buffering nginx', () => {
  let demo: DemoServer;
  let proxy: Proxy;
  let browser: Browser;
  let context: BrowserContext;
  let reviewId: number;

  beforeAll(async () => {
    demo = await startDemoServer();
    proxy = await startBufferingProxy(demo.baseUrl);
    browser = await launchChromium();
    reviewId = await createExternalReview(demo, 'Proxy fallback e2e');
    await postEvents(demo, reviewId, [statusEvent('running'), logLine('engine started')]);
    // Cookies are per host, not per port: signing in on the app signs in behind the proxy too.
    context = await signedInContext(browser, demo, MEMBER);
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await demo?.stop();
  });

  it('falls back to polling within 10 s, says so, and still shows new events', async () => {
    const page = await context.newPage();
    const opened = Date.now();
    await page.goto(`${proxy.url}/reviews/${reviewId}`);
    await page.getByText('engine started').waitFor();
    await page.locator('[data-connection="polling"]').waitFor({ timeout: 10_000 });
    expect(Date.now() - opened).toBeLessThan(10_000);
    expect(await connectionText(page)).toContain('Updating every 5 s');

    await postEvents(demo, reviewId, [logLine('arrived while polling')]);
    await page.getByText('arrived while polling').waitFor({ timeout: 8_000 });
    expect(await page.locator('[data-connection]').first().getAttribute('data-connection')).toBe('polling');
    await page.screenshot({ path: path.join(screenshotsDir, 'proxy-polling-1280.png') });
    await page.close();
  });

  it('says "Offline" with the last update time, then reconnects and fills the gap', async () => {
    const page = await context.newPage();
    await page.goto(`${demo.baseUrl}/reviews/${reviewId}`);
    await page.locator('[data-connection="live"]').waitFor();
    await context.setOffline(true);
    await page.locator('[data-connection="offline"]').waitFor();
    expect(await connectionText(page)).toMatch(/Offline — last update \d{2}:\d{2}:\d{2}/);
    // Written while the browser is offline: it must arrive through the catch-up, not be lost.
    await postEvents(demo, reviewId, [logLine('written while offline')]);
    await context.setOffline(false);
    await page.locator('[data-connection="live"]').waitFor({ timeout: 15_000 });
    await page.getByText('written while offline').waitFor({ timeout: 5_000 });
    await page.close();
  });

  it('is "Live" on the same page without the proxy', async () => {
    const page = await context.newPage();
    await page.goto(`${demo.baseUrl}/reviews/${reviewId}`);
    await page.locator('[data-connection="live"]').waitFor();
    await postEvents(demo, reviewId, [logLine('arrived live')]);
    await page.getByText('arrived live').waitFor({ timeout: 3_000 });
    expect(await connectionText(page)).toContain('Live');
    await page.close();
  });
});
