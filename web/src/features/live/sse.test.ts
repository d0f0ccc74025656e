import { describe, expect, it } from 'vitest';
import { sessionLapse } from './sse.ts';

describe('sessionLapse', () => {
  it('reads the server’s “session lapsed” frame as the reason to show', () => {
    const data = JSON.stringify({ code: 'unauthorized', message: 'Your session has expired; sign in again' });
    expect(sessionLapse({ event: 'error', data, id: undefined })).toBe('Your session has expired; sign in again');
    expect(sessionLapse({ event: 'error', data: '{"code":"unauthorized"}', id: undefined })).toBe(
      'Your session has ended; sign in again.',
    );
  });

  it('leaves every other frame to the feed', () => {
    // A review event whose type happens to be `error` carries its seq as the id.
    expect(sessionLapse({ event: 'error', data: '{"code":"unauthorized"}', id: '7' })).toBeUndefined();
    expect(sessionLapse({ event: 'error', data: '{"code":"other"}', id: undefined })).toBeUndefined();
    expect(sessionLapse({ event: 'error', data: 'not json', id: undefined })).toBeUndefined();
    expect(sessionLapse({ event: 'end', data: '{"status":"success","lastSeq":3}', id: undefined })).toBeUndefined();
    expect(sessionLapse({ event: 'review', data: '{"id":1}', id: '1' })).toBeUndefined();
  });
});
