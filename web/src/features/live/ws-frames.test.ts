import { describe, expect, it } from 'vitest';
import { parseWsMessage, retryHint, subscribeMessage, unsubscribeMessage, wsErrorAction } from './ws-frames.ts';

describe('WebSocket messages', () => {
  it('turns a review event into the SSE frame it stands for (id = seq, event = type, data without topic)', () => {
    const message = parseWsMessage(
      JSON.stringify({ topic: 'review:123', seq: 101, type: 'log', reviewId: 123, data: { message: 'hi' } }),
    );
    expect(message).toEqual({
      kind: 'frame',
      topic: 'review:123',
      frame: {
        event: 'log',
        id: '101',
        data: JSON.stringify({ seq: 101, type: 'log', reviewId: 123, data: { message: 'hi' } }),
      },
    });
  });

  it('turns a list change into an `event: review` frame carrying the summary', () => {
    const message = parseWsMessage(
      JSON.stringify({ topic: 'reviews', type: 'review', id: 9, status: 'running', title: 'x' }),
    );
    expect(message).toMatchObject({ kind: 'frame', topic: 'reviews', frame: { event: 'review', id: '9' } });
    expect(JSON.parse(message!.kind === 'frame' ? message!.frame.data : '')).toEqual({
      id: 9,
      status: 'running',
      title: 'x',
    });
  });

  it('reads `end` as the SSE end frame, with the lastSeq when the server names it', () => {
    expect(parseWsMessage('{"op":"end","topic":"review:5","status":"succeeded","lastSeq":40}')).toEqual({
      kind: 'end',
      topic: 'review:5',
      frame: { event: 'end', id: undefined, data: '{"status":"succeeded","lastSeq":40}' },
    });
    expect(parseWsMessage('{"op":"end","topic":"review:5"}')).toMatchObject({ frame: { data: '{}' } });
  });

  it('reads errors with a message to show, and knows which a retry cannot fix', () => {
    expect(parseWsMessage('{"op":"error","topic":"review:5","code":"not_found"}')).toEqual({
      kind: 'error',
      topic: 'review:5',
      code: 'not_found',
      message: 'This review no longer exists or you may not see it.',
    });
    expect(parseWsMessage('{"op":"error","topic":"reviews","code":"busy","message":"Try later"}')).toMatchObject({
      code: 'busy',
      message: 'Try later',
    });
    expect(parseWsMessage('{"op":"error","code":"unauthorized"}')).toEqual({
      kind: 'error',
      topic: '*',
      code: 'unauthorized',
      message: 'Your session has ended; sign in again.',
    });
    expect(wsErrorAction('not_found')).toBe('fatal');
    expect(wsErrorAction('unauthorized')).toBe('fatal');
    expect(wsErrorAction('internal')).toBe('retry');
    expect(wsErrorAction('rate_limited')).toBe('unusable');
  });

  it('ignores what it does not know: not JSON, no topic, other ops, events without seq', () => {
    for (const text of [
      'nope',
      '[]',
      'null',
      '{"seq":1,"type":"log"}',
      '{"op":"subscribed","topic":"review:1"}',
      '{"op":"unsubscribed","topic":"review:1"}',
      '{"topic":"reviews","type":"other","id":1}',
    ]) {
      expect(parseWsMessage(text)).toBeUndefined();
    }
    expect(parseWsMessage('{"topic":"review:1","type":"log"}')).toBeUndefined();
    expect(parseWsMessage(new ArrayBuffer(2))).toBeUndefined();
  });

  it('writes subscribe (with the resume point when there is one) and unsubscribe', () => {
    expect(JSON.parse(subscribeMessage('review:123', 100))).toEqual({
      op: 'subscribe',
      topic: 'review:123',
      after: 100,
    });
    expect(JSON.parse(subscribeMessage('reviews', undefined))).toEqual({ op: 'subscribe', topic: 'reviews' });
    expect(JSON.parse(unsubscribeMessage('reviews'))).toEqual({ op: 'unsubscribe', topic: 'reviews' });
  });

  it('reads the delay a closing server asks for', () => {
    expect(retryHint('retry=4200')).toBe(4200);
    expect(retryHint('shutting down retry=3000')).toBe(3000);
    expect(retryHint('')).toBeUndefined();
    expect(retryHint('retry=soon')).toBeUndefined();
  });
});
