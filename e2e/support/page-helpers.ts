import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DemoServer } from './demo-server.ts';

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
