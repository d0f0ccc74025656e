import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotsDir } from './browser.ts';
import { violations } from './support/axe.ts';
import { OWNER } from './support/demo-server.ts';
import { sidewaysOverflow } from './support/overflow.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

/** A TypeScript change the simulator comments on, a lock file and a binary the engine skips. */
const DIFF = `diff --git a/src/pricing/discounts.ts b/src/pricing/discounts.ts
index 3b18e51..a9c2f1e 100644
--- a/src/pricing/discounts.ts
+++ b/src/pricing/discounts.ts
@@ -1,4 +1,9 @@
 import { roundCents } from './money';
-export const discountFor = (total: number) => (total > 100 ? 0.1 : 0);
+// Loyal customers get the larger of their tier and the volume discount, never both at once.
+export function discountFor(total: number, tier: 'none' | 'silver' | 'gold' = 'none'): number {
+  const volume = total > 100 ? 0.1 : 0;
+  const loyalty = { none: 0, silver: 0.05, gold: 0.12 }[tier];
+  return Math.max(volume, loyalty);
+}
+export const priceAfterDiscount = (total: number, tier: 'none' | 'silver' | 'gold' = 'none') => roundCents(total * (1 - discountFor(total, tier)));
 export default discountFor;
diff --git a/package-lock.json b/package-lock.json
index 1111111..2222222 100644
--- a/package-lock.json
+++ b/package-lock.json
@@ -1,3 +1,3 @@
 {
-  "version": "1.4.0",
+  "version": "1.5.0",
 }
diff --git a/assets/badge.png b/assets/badge.png
index 1111111..2222222 100644
Binary files a/assets/badge.png and b/assets/badge.png differ
`;

describe('the Files tab of a finished review', () => {
  const env = startDemoAndBrowser();

  it('shows the read diff highlighted, the comments inline, and the skipped files with their reason', async () => {
    const connectors = await env.demo.api<{ items: { id: number; name: string }[] }>(OWNER, '/api/v1/connectors');
    const connector = connectors.items.find((c) => c.name === 'OpenAI (demo)')!;
    const { id } = await env.demo.api<{ id: number }>(OWNER, '/api/v1/reviews', {
      method: 'POST',
      body: { diff: DIFF, connectorId: connector.id, title: 'Loyalty discounts (Files tab e2e)' },
    });
    await expect
      .poll(async () => (await env.demo.api<{ status: string }>(OWNER, `/api/v1/reviews/${id}`)).status, {
        timeout: 90_000,
      })
      .toBe('success');
    const detail = await env.demo.api<{ commentCount: number }>(OWNER, `/api/v1/reviews/${id}`);
    expect(detail.commentCount).toBeGreaterThan(0);

    for (const [colorScheme, width] of [
      ['light', 1280],
      ['dark', 1280],
      ['light', 390],
      ['dark', 390],
    ] as const) {
      const context = await signedInContext(env.browser, env.demo, OWNER, { width, colorScheme });
      const page = await context.newPage();
      await page.goto(`${env.demo.baseUrl}/reviews/${id}`);
      await expect.poll(() => page.getByText('Read 1 of 3 files (8 of 10 changed lines)').count()).toBe(1);
      await page.getByRole('tab', { name: /Files/ }).click();
      expect(new URL(page.url()).searchParams.get('tab')).toBe('files');
      const tab = page.locator('.files-tab');

      // Highlighted: highlight.js token spans inside the TypeScript lines.
      await tab.locator('.diff-line code.hljs .hljs-keyword').first().waitFor();
      expect(await tab.locator('.diff-file .file-path').first().textContent()).toBe('src/pricing/discounts.ts');

      // An inline comment sits right under an added line of the file it is about.
      const comment = tab.locator('.diff-comments .inline-comment').first();
      await comment.waitFor();
      const lineAbove = await tab
        .locator('.diff-row-slot:has(.diff-comments)')
        .first()
        .evaluate((slot) => {
          const index = Number(slot.getAttribute('data-index'));
          const above = slot.parentElement!.querySelector(`[data-index="${index - 1}"]`);
          return above?.querySelector('.diff-line')?.className ?? null;
        });
      expect(lineAbove).toContain('diff-add');

      // Skipped files are listed with their reason, and shown in the diff as not read.
      const lock = tab.locator('.not-read li', { hasText: 'package-lock.json' });
      expect(await lock.textContent()).toContain('skipped · lockfile');
      expect(await tab.locator('.not-read li', { hasText: 'assets/badge.png' }).textContent()).toContain('binary');
      expect(await tab.locator('.diff-not-read').first().textContent()).toContain('Not read (lockfile)');

      // Long lines scroll inside the code box; the page itself never scrolls sideways.
      expect(await sidewaysOverflow(page)).toEqual([]);
      if (width === 390) {
        const box = tab.locator('.diff-viewport');
        expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      }
      // Token colours on the added/removed line backgrounds keep WCAG AA contrast in both themes.
      if (width === 1280) expect(await violations(page)).toEqual([]);
      await tab.screenshot({ path: path.join(screenshotsDir, `files-tab-${width}-${colorScheme}.png`) });
      await context.close();
    }
  });
});
