import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleDiffById, sampleDiffs } from '../../demo/sample-diffs/index.ts';
import { planBatchesFromDiff } from './batch-planner.ts';
import { countTokens } from './token-count.ts';
import { parseUnifiedDiff } from './unified-diff-parser.ts';

const budget = { maxTokensPerBatch: 6000 };
const planOf = (id: string) => planBatchesFromDiff(sampleDiffById(id)!.diff, budget);

describe('demo sample diffs', () => {
  it.each(sampleDiffs.map((sample) => [sample.id, sample] as const))(
    '%s plans into batches within budget',
    (_, sample) => {
      expect(parseUnifiedDiff(sample.diff).length).toBeGreaterThan(0);
      const plan = planBatchesFromDiff(sample.diff, budget);
      expect(plan.batches.map((batch) => batch.batchId)).toEqual(plan.batches.map((__, i) => `batch-${i + 1}`));
      for (const batch of plan.batches) expect(countTokens(batch.diff)).toBeLessThanOrEqual(6000);
      const size = statSync(sample.path).size;
      const [min, max] = sample.id === 'foundation-skeleton' ? [140_000, 250_000] : [5_000, 60_000];
      expect(size).toBeGreaterThanOrEqual(min);
      expect(size).toBeLessThanOrEqual(max);
    },
  );

  it('storefront-dark-mode shows every kind of skip next to reviewed source', () => {
    const plan = planOf('storefront-dark-mode');
    expect(plan.skipped.map((skip) => `${skip.path}: ${skip.reason}`)).toEqual([
      'pnpm-lock.yaml: lock_file',
      'public/icons/moon.png: binary',
      'public/logo-dark.png: binary',
      'public/logo.png: binary',
      'src/components/__snapshots__/Header.test.tsx.snap: generated',
      'src/styles/prism-dark.min.css: minified',
    ]);
    expect(plan.batches).toHaveLength(1);
    expect(plan.batches[0]!.files).toContain('src/theme/useColorScheme.ts');
  });

  it('engine-contracts skips its package-lock.json; foundation-skeleton needs several batches', () => {
    expect(planOf('engine-contracts').skipped).toEqual([
      { path: 'package-lock.json', reason: 'lock_file', detail: 'dependency lock file' },
    ]);
    const large = planOf('foundation-skeleton');
    expect(large.batches.length).toBeGreaterThanOrEqual(5);
    expect(large.reviewedFileCount).toBe(60);
  });
});
