import { describe, expect, it } from 'vitest';
import { showsStreamHint } from './stream-hint.ts';

describe('the "this proxy may block streams" hint', () => {
  it('shows where streams got nothing and the plain request then answered', () => {
    expect(showsStreamHint({ streamBlockedRate: 0.5 })).toBe(true);
    expect(showsStreamHint({ streamBlockedRate: 0.2 })).toBe(true);
  });

  it('stays away where fallbacks ended in timeouts (a hung server, counted in the fallback rate only)', () => {
    expect(showsStreamHint({ streamBlockedRate: 0 })).toBe(false);
    expect(showsStreamHint({ streamBlockedRate: 0.1 })).toBe(false);
  });
});
