import { describe, expect, it } from 'vitest';
import {
  apiStatuses,
  apiToDbStatus,
  canCancel,
  canRetry,
  canTransition,
  dbToApiStatus,
  isApiStatus,
  isTerminal,
  toApiStatus,
} from './status.ts';

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

  it('retries failed and canceled reviews only', () => {
    expect(apiStatuses.filter(canRetry)).toEqual(['failed', 'canceled']);
  });

  it('cancels queued and running reviews only', () => {
    expect(apiStatuses.filter(canCancel)).toEqual(['queued', 'running']);
  });

  it('never offers both retry and cancel, and a success offers neither', () => {
    for (const status of apiStatuses) expect(canRetry(status) && canCancel(status)).toBe(false);
    expect(canRetry('success') || canCancel('success')).toBe(false);
  });

  it('recognises API statuses in loose data, not legacy or database words', () => {
    expect(isApiStatus('failed')).toBe(true);
    expect(isApiStatus('completed')).toBe(false);
    expect(isApiStatus('in_progress')).toBe(false);
    expect(isApiStatus(undefined)).toBe(false);
    expect(isApiStatus(3)).toBe(false);
  });
});
