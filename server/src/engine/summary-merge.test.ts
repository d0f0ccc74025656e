import { describe, expect, it } from 'vitest';
import { mergeSummaries } from './summary-merge.ts';

const batchSummary = (files: string) => `## Summary\n\nThis change touches ${files}.\n\n- \`a.ts\`: +1 / -0`;

describe('one summary for a multi-batch review', () => {
  it('keeps a single batch’s summary as the model wrote it', () => {
    expect(mergeSummaries([{ batchId: 'batch-1', summary: batchSummary('1 file'), commentCount: 2 }])).toBe(
      batchSummary('1 file'),
    );
    expect(mergeSummaries([])).toBe('');
  });

  it('has one Summary heading, the totals, and a breakdown per batch', () => {
    const merged = mergeSummaries([
      { batchId: 'batch-1', summary: batchSummary('2 files'), commentCount: 2 },
      { batchId: 'batch-2', summary: batchSummary('1 file'), commentCount: 1 },
      { batchId: 'batch-3', summary: '', commentCount: 0 },
    ]);
    expect(merged.match(/^#+ Summary$/gm)).toEqual(['## Summary']);
    expect(merged).toContain('Reviewed in 3 batches: 3 comments in total.');
    expect(merged).toContain('### Batch 1 · 2 comments\n\nThis change touches 2 files.');
    expect(merged).toContain('### Batch 2 · 1 comment\n\nThis change touches 1 file.');
    expect(merged).toContain('### Batch 3 · 0 comments\n\n_This batch wrote no summary._');
    expect(merged).not.toMatch(/batch-\d/);
  });

  it('moves a batch’s own headings below the breakdown’s, but not lines inside code blocks', () => {
    const merged = mergeSummaries([
      { batchId: 'b1', summary: '# Findings\n\n## Details\n\n```\n# not a heading\n```', commentCount: 0 },
      { batchId: 'b2', summary: 'Plain text.', commentCount: 1 },
    ]);
    expect(merged).toContain(
      '### Batch b1 · 0 comments\n\n#### Findings\n\n##### Details\n\n```\n# not a heading\n```',
    );
    expect(merged).toContain('### Batch b2 · 1 comment\n\nPlain text.');
  });
});
