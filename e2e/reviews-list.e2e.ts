import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, tempDataDir, type RunningServer } from '../server/src/testing/processes.ts';
import { launchChromium, screenshotsDir } from './browser.ts';

describe('the web app served by npm start (demo)', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ DATA_DIR: tempDataDir() });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in through a printed demo link and shows the org’s reviews', async () => {
    const link = /(http:\/\/\S+\/auth\/sign-in\?token=\S+)/.exec(server.output())![1]!;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe('/reviews');
    await page.getByRole('table').waitFor();
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(25);
    await expect.poll(() => page.getByText('super-admin@acme.demo').count()).toBe(1);
    await page.screenshot({ path: path.join(screenshotsDir, 'reviews-list-1280.png'), fullPage: false });
  });

  it('asks for a token when not signed in', async () => {
    const page = await browser.newPage();
    await page.goto(server.baseUrl);
    await page.getByLabel(/sign-in token/i).waitFor();
    await page.getByLabel(/sign-in token/i).fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Invalid credentials/);
  });
});
