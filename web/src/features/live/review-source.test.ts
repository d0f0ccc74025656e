import { describe, expect, it } from 'vitest';
import type { ReviewEvent } from '@reviewtrace/contracts';
import { FakeEventsServer } from '../../testing/fake-events-server.ts';
import { ReviewEventsSource } from './review-source.ts';
import type { SseFrame } from './sse.ts';

/** A source at `cursor`, over a server whose log has `lastSeq` lines; `delivered` lists each batch's seqs. */
function setup(cursor: number, lastSeq: number) {
  const server = new FakeEventsServer().growTo(lastSeq);
  const delivered: number[][] = [];
  const source = new ReviewEventsSource(
    server.reviewId,
    cursor,
    (events: ReviewEvent[]) => delivered.push(events.map((event) => event.seq)),
    server.read,
  );
  const frame = (seq: number): SseFrame => ({ event: 'log', id: String(seq), data: JSON.stringify(server.event(seq)) });
  return { server, source, delivered, frame };
}

describe('ReviewEventsSource', () => {
  it('applies the next seq at once, without asking the server', async () => {
    const { server, source, delivered, frame } = setup(2, 4);
    expect(await source.applyFrame(frame(3))).toBe('continue');
    expect(await source.applyFrame(frame(4))).toBe('continue');
    expect(delivered).toEqual([[3], [4]]);
    expect(source.cursor).toBe(4);
    expect(server.requests).toEqual([]);
  });

  it('drops a frame at or below the cursor (reconnect overlap, poll and stream racing)', async () => {
    const { server, source, delivered, frame } = setup(5, 6);
    await source.applyFrame(frame(5));
    await source.applyFrame(frame(3));
    await source.applyFrame(frame(6));
    await source.applyFrame(frame(6));
    expect(delivered).toEqual([[6]]);
    expect(source.cursor).toBe(6);
    expect(server.requests).toEqual([]);
  });

  it('fills a gap over REST before applying the frame past it, so events arrive in order', async () => {
    const { server, source, delivered, frame } = setup(2, 9);
    await source.applyFrame(frame(6));
    // The missing window after the cursor was read; lines past the frame (the server has up to 9)
    // are left to the stream, which brings them next.
    expect(server.requests).toEqual([{ after: 2, limit: 1000, tail: undefined }]);
    expect(delivered).toEqual([[3, 4, 5], [6]]);
    await source.applyFrame(frame(7));
    expect(delivered.flat()).toEqual([3, 4, 5, 6, 7]);
    expect(source.cursor).toBe(7);
  });

  it('reads a gap wider than one page page by page', async () => {
    const { server, source, delivered, frame } = setup(0, 2600);
    await source.applyFrame(frame(2600));
    expect(server.requests.map((request) => request.after)).toEqual([0, 1000, 2000]);
    expect(delivered.flat()).toEqual(Array.from({ length: 2600 }, (_, i) => i + 1));
  });

  it('reads at most 20 pages for one gap, and leaves a frame still past the cursor for the next round', async () => {
    const { server, source, delivered, frame } = setup(0, 20_500);
    await source.applyFrame(frame(20_500));
    expect(server.requests).toHaveLength(20);
    expect(source.cursor).toBe(20_000);
    expect(delivered.flat().at(-1)).toBe(20_000);
    // The rest comes with the next frame (or poll), still in order.
    await source.applyFrame(frame(20_501));
    expect(delivered.flat()).toEqual(Array.from({ length: 20_501 }, (_, i) => i + 1));
  });

  it('does not apply a frame whose gap could not be filled: the cursor stays where the log is whole', async () => {
    const { server, source, delivered, frame } = setup(2, 6);
    server.failNext(new Error('The server could not be reached.'));
    await expect(source.applyFrame(frame(6))).rejects.toThrow('could not be reached');
    expect(delivered).toEqual([]);
    expect(source.cursor).toBe(2);
  });

  it('reads what is left up to `end`’s lastSeq, then ends', async () => {
    const { source, delivered } = setup(3, 5);
    const end = { event: 'end', id: undefined, data: JSON.stringify({ status: 'success', lastSeq: 5 }) };
    expect(await source.applyFrame(end)).toBe('end');
    expect(delivered).toEqual([[4, 5]]);
  });

  it('polls after the cursor and ends once caught up with a finished review', async () => {
    const { server, source, delivered } = setup(1, 3);
    expect(await source.poll()).toBe('continue');
    expect(delivered).toEqual([[2, 3]]);
    expect(source.streamUrl()).toBe(`/api/v1/reviews/${server.reviewId}/stream?after=3`);
    server.growTo(4);
    server.reviewStatus = 'success';
    expect(await source.poll()).toBe('end');
    expect(delivered.flat()).toEqual([2, 3, 4]);
  });
});
