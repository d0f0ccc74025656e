import { describe, expect, it } from 'vitest';
import { violations } from './support/axe.ts';
import { OWNER } from './support/demo-server.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

describe('accessibility (axe-core, WCAG 2.1 AA) in both themes', () => {
  const env = startDemoAndBrowser();

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`the reviews list and a failed review's page pass in the ${colorScheme} theme`, async () => {
      const { items } = await env.demo.api<{ items: { id: number }[] }>(OWNER, '/api/v1/reviews?status=failed');
      const context = await signedInContext(env.browser, env.demo, OWNER, { colorScheme });
      const page = await context.newPage();
      await page.goto(`${env.demo.baseUrl}/reviews`);
      await page.getByRole('table').waitFor();
      expect(await violations(page)).toEqual([]);

      await page.goto(`${env.demo.baseUrl}/reviews/${items[0]!.id}`);
      await page.locator('.log-row[data-level]').first().waitFor();
      await page.getByRole('alert').first().waitFor();
      expect(await violations(page)).toEqual([]);
      // The log is not a live region: screen readers hear milestones from the one status region.
      expect(await page.getByTestId('log-viewport').getAttribute('aria-live')).toBe('off');
      expect(await page.locator('[role="status"][aria-live="polite"]').count()).toBeGreaterThan(0);
      await context.close();
    });

    it(`settings with a webhook's secret shown, and its delivery log, pass in the ${colorScheme} theme`, async () => {
      const { items } = await env.demo.api<{ items: { id: number }[] }>(OWNER, '/api/v1/git-webhooks');
      const context = await signedInContext(env.browser, env.demo, OWNER, { colorScheme });
      const page = await context.newPage();
      await page.goto(`${env.demo.baseUrl}/settings`);
      await page
        .locator('#webhooks tbody tr')
        .first()
        .getByRole('button', { name: /Rotate secret of/ })
        .click();
      await page.getByRole('region', { name: /New secret for webhook/ }).waitFor();
      expect(await violations(page)).toEqual([]);

      await page.goto(`${env.demo.baseUrl}/settings/webhooks/${items[0]!.id}/deliveries`);
      await page.locator('.deliveries-table tbody tr').first().waitFor();
      expect(await violations(page)).toEqual([]);
      await context.close();
    });
  }
});
