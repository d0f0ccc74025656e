import { describe, expect, it } from 'vitest';
import { preferredConnectorId } from './preferred-connector.ts';

const connectors = [{ id: 1 }, { id: 2 }, { id: 3 }];
const usedWith = (...ids: (number | null)[]) => ids.map((id) => ({ connector: id === null ? null : { id } }));

describe('the connector New review preselects', () => {
  it('is the one the org used most in its latest reviews, not the first listed', () => {
    expect(preferredConnectorId(connectors, usedWith(2, 3, 2, null, 1))).toBe(2);
  });

  it('breaks a tie toward the most recently used one (the list is newest first)', () => {
    expect(preferredConnectorId(connectors, usedWith(3, 1, 1, 3))).toBe(3);
  });

  it('ignores connectors that were deleted since', () => {
    expect(preferredConnectorId(connectors, usedWith(9, 9, 2))).toBe(2);
  });

  it('falls back to the first connector when no recent review used one, and to none without connectors', () => {
    expect(preferredConnectorId(connectors, usedWith(null))).toBe(1);
    expect(preferredConnectorId([], usedWith(1))).toBeUndefined();
  });
});
