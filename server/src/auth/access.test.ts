import { describe, expect, it } from 'vitest';
import type { AuthContext } from './auth.service.ts';
import { accessGate, requireAllowed } from './access.ts';

const member: AuthContext = {
  userId: 7,
  email: 'member@example.test',
  orgId: 1,
  role: 'member',
  isSuperAdmin: false,
  orgIds: [1],
  via: 'bearer',
};
const owner: AuthContext = { ...member, userId: 8, role: 'owner' };
const manage = { permission: 'settings:manage', action: 'manage widgets' } as const;

/** A table of rows by org, read the way a scoped repository reads it. */
const rows = new Map([
  [10, { id: 10, orgId: 1 }],
  [20, { id: 20, orgId: 2 }],
]);
function gateWithReads() {
  const reads: number[] = [];
  const gate = accessGate('Widget', async (auth, id) => {
    reads.push(id);
    const row = rows.get(id);
    return row && row.orgId === auth.orgId ? row : undefined;
  });
  return { gate, reads };
}

describe('the access gate', () => {
  it('returns the row the caller’s scope finds', async () => {
    const { gate } = gateWithReads();

    await expect(gate(member, 10)).resolves.toEqual({ id: 10, orgId: 1 });
  });

  it('answers 404 for another org’s row, the same as for a missing one', async () => {
    const { gate } = gateWithReads();

    const otherOrg = await gate(member, 20).catch((error: unknown) => error);
    const missing = await gate(member, 30).catch((error: unknown) => error);

    expect(otherOrg).toMatchObject({ statusCode: 404, code: 'not_found', message: 'Widget 20 not found' });
    expect(missing).toMatchObject({ statusCode: 404, code: 'not_found', message: 'Widget 30 not found' });
  });

  it('checks the permission before reading anything', async () => {
    const { gate, reads } = gateWithReads();

    await expect(gate(member, 10, manage)).rejects.toMatchObject({
      statusCode: 403,
      message: 'Your role (member) may not manage widgets',
    });
    expect(reads).toEqual([]);
    await expect(gate(owner, 10, manage)).resolves.toEqual({ id: 10, orgId: 1 });
  });

  it('has a permission-only half for methods without a row', () => {
    expect(() => requireAllowed(member, manage)).toThrow('Your role (member) may not manage widgets');
    expect(() => requireAllowed(owner, manage)).not.toThrow();
  });
});
