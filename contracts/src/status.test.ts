import { describe, expect, it } from 'vitest';
import { apiStatuses, apiToDbStatus, canTransition, dbToApiStatus, isTerminal, toApiStatus } from './status.ts';

describe('status vocabulary', () => {
  it('maps every database status to an API status and back', () => {
    for (const status of apiStatuses) expect(dbToApiStatus[apiToDbStatus[status]]).toBe(status);
    expect(toApiStatus('in_progress')).toBe('running');
    expect(toApiStatus('completed')).toBe('success');
  });

  it('moves forward only', () => {
    expect(canTransition('queued', 'running')).toBe(true);
    expect(canTransition('running', 'failed')).toBe(true);
    expect(canTransition('success', 'running')).toBe(false);
    expect(canTransition('failed', 'success')).toBe(false);
    expect(isTerminal('canceled')).toBe(true);
    expect(isTerminal('running')).toBe(false);
  });
});
