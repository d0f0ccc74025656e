import { describe, expect, it } from 'vitest';
import { batchLabel, batchList, fieldLabel, parseStrategyLabel } from './wording.ts';

describe('internal names in words', () => {
  it('names batches the way people count them', () => {
    expect(batchLabel('batch-1')).toBe('Batch 1');
    expect(batchLabel('batch_12')).toBe('Batch 12');
    expect(batchLabel('docs')).toBe('Batch docs');
    expect(batchList(['batch-1', 'batch-3'])).toBe('Batch 1 and Batch 3');
    expect(batchList(['batch-2'])).toBe('Batch 2');
  });

  it('says how the model’s JSON was read, without the strategy identifiers', () => {
    expect(parseStrategyLabel('whole_text+jsonrepair_cut')).toBe(
      'Repaired: cut after the last complete comment (JSON taken from the whole answer)',
    );
    expect(parseStrategyLabel('fenced_block+jsonrepair')).toBe(
      'Repaired malformed JSON (JSON taken from the fenced code block)',
    );
    expect(parseStrategyLabel('outer_object')).toBe('Read as valid JSON (JSON taken from the outermost JSON object)');
    expect(parseStrategyLabel('new_source+new_way')).toBe('New way (JSON taken from new source)');
  });

  it('names request fields by the label the form shows', () => {
    expect(fieldLabel('body.prMrUrl')).toBe('Pull/merge request URL');
    expect(fieldLabel('body.connectorId')).toBe('Connector');
    expect(fieldLabel('body')).toBe('Request');
    expect(fieldLabel('body.someNewField')).toBe('Some new field');
  });
});
