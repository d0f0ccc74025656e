import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../browser.ts';
import { startDemoServer, type DemoServer } from './demo-server.ts';

export interface DemoAndBrowser {
  readonly demo: DemoServer;
  readonly browser: Browser;
}

/**
 * A demo server and a Chromium for the tests of one describe block: started before its first test,
 * stopped after its last. Read `demo` and `browser` inside the tests, once they have started.
 */
export function startDemoAndBrowser(): DemoAndBrowser {
  let demo: DemoServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the demo server and the browser start in beforeAll');
    return value;
  };
  return {
    get demo() {
      return started(demo);
    },
    get browser() {
      return started(browser);
    },
  };
}

/** A browser context signed in as a demo user (the session cookie set by the printed link). */
export async function signedInContext(
  browser: Browser,
  demo: DemoServer,
  email: string,
  options: { width?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  await page.goto(demo.signInLink(email));
  await page.waitForURL(/\/reviews$/);
  await page.close();
  return context;
}

/** Whether log line `seq` is rendered inside the log viewport's visible box (not just in the overscan). */
export function lineInView(page: Page, seq: number): Promise<boolean> {
  return page.evaluate((line) => {
    const viewport = document.querySelector('[data-testid="log-viewport"]');
    const row = document.querySelector(`.log-row[data-seq="${line}"]`);
    if (!viewport || !row) return false;
    const outer = viewport.getBoundingClientRect();
    const inner = row.getBoundingClientRect();
    return inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
  }, seq);
}

export const connectionText = (page: Page) => page.locator('[data-connection]').first().textContent();
