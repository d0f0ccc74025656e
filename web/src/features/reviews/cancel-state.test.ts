import { describe, expect, it } from 'vitest';
import { cancelView } from './cancel-state.ts';

describe('what the page says about cancelling', () => {
  it('offers Cancel while queued or running', () => {
    expect(cancelView('running', false)).toEqual({ showButton: true, note: null });
    expect(cancelView('queued', false).showButton).toBe(true);
  });

  it('says the cancel is on its way while the review still runs', () => {
    expect(cancelView('running', true)).toEqual({
      showButton: true,
      note: 'Cancel requested: the engine stops within seconds.',
    });
  });

  it('says nothing more once the review is canceled (or ended otherwise)', () => {
    for (const status of ['canceled', 'failed', 'success'] as const) {
      expect(cancelView(status, true)).toEqual({ showButton: false, note: null });
    }
  });
});
