import { describe, expect, it } from 'vitest';
import { FakeEventsServer } from '../../testing/fake-events-server.ts';
import { LogStore, MAX_PAGES, PAGE_SIZE } from './log-store.ts';

/** A store over a server whose log has `lastSeq` lines. */
function setup(lastSeq: number) {
  const server = new FakeEventsServer().growTo(lastSeq);
  const store = new LogStore(server.reviewId, lastSeq, server.read);
  const firstLineOf = (page: number) => page * PAGE_SIZE + 1;
  /** Shows page n as the viewport would: all its lines. */
  const show = (page: number) => store.ensure(firstLineOf(page), firstLineOf(page) + PAGE_SIZE - 1);
  const loaded = (page: number) => store.get(firstLineOf(page)) !== undefined;
  return { server, store, show, loaded, firstLineOf };
}

describe('LogStore', () => {
  it('loads the pages lines [from, to] fall in, one request each, and each line is its seq', async () => {
    const { server, store } = setup(3 * PAGE_SIZE);
    await store.ensure(PAGE_SIZE - 10, PAGE_SIZE + 10);
    expect(server.requests).toEqual([
      { after: 0, limit: PAGE_SIZE, tail: undefined },
      { after: PAGE_SIZE, limit: PAGE_SIZE, tail: undefined },
    ]);
    expect(store.get(PAGE_SIZE + 1)?.seq).toBe(PAGE_SIZE + 1);
    expect(store.get(2 * PAGE_SIZE + 1)).toBeUndefined();
    // Complete pages are not asked for again.
    await store.ensure(1, 2 * PAGE_SIZE);
    expect(server.requests).toHaveLength(2);
  });

  it('asks once for a page two viewports want at the same time', async () => {
    const { server, store } = setup(PAGE_SIZE);
    server.hold();
    const both = Promise.all([store.ensure(1, 10), store.ensure(20, 30)]);
    server.release();
    await both;
    expect(server.requests).toHaveLength(1);
  });

  it(`keeps at most ${MAX_PAGES} pages, the most recently shown, evicting the ones shown longest ago`, async () => {
    const { server, show, loaded } = setup((MAX_PAGES + 10) * PAGE_SIZE);
    for (let page = 0; page < MAX_PAGES; page++) await show(page);
    expect(loaded(0)).toBe(true);

    // Page 0 is shown again, so it is the most recent; the next new page pushes out page 1, the oldest.
    await show(0);
    await show(MAX_PAGES);
    expect(loaded(1)).toBe(false);
    expect(loaded(0)).toBe(true);
    expect(loaded(2)).toBe(true);
    expect(loaded(MAX_PAGES)).toBe(true);
    const held = Array.from({ length: MAX_PAGES + 10 }, (_, page) => page).filter(loaded);
    expect(held).toHaveLength(MAX_PAGES);

    // An evicted page is read again when shown again.
    const before = server.requests.length;
    await show(1);
    expect(server.requests.slice(before)).toEqual([{ after: PAGE_SIZE, limit: PAGE_SIZE, tail: undefined }]);
    expect(loaded(1)).toBe(true);
  });

  it('never evicts the last page, where a follower is looking, however long ago it was shown', async () => {
    const lastSeq = (MAX_PAGES + 5) * PAGE_SIZE + 3;
    const { server, store, show, loaded } = setup(lastSeq);
    const lastPage = Math.floor((lastSeq - 1) / PAGE_SIZE);
    await show(lastPage);
    store.append([server.event(lastSeq + 1)]);
    for (let page = 0; page <= MAX_PAGES + 1; page++) await show(page);
    expect(loaded(lastPage)).toBe(true);
    expect(store.get(lastSeq + 1)?.seq).toBe(lastSeq + 1);
    expect(store.lastSeq).toBe(lastSeq + 1);
  });

  it('says when a page could not be loaded, and forgets it once one loads', async () => {
    const { server, store } = setup(2 * PAGE_SIZE);
    let changes = 0;
    store.subscribe(() => changes++);
    server.failNext(new Error('The server could not be reached.'));
    await store.ensure(1, 10);
    expect(store.error).toBe('The server could not be reached.');
    expect(store.get(1)).toBeUndefined();
    await store.ensure(1, 10);
    expect(store.error).toBeNull();
    expect(store.get(1)?.seq).toBe(1);
    expect(changes).toBe(2);
  });

  it('opens on the tail in one request, and the viewport then asks only for what the tail did not bring', async () => {
    const { server, store } = setup(3 * PAGE_SIZE + 100);
    await store.loadTail();
    expect(server.requests).toEqual([{ after: undefined, limit: undefined, tail: 1000 }]);
    expect(store.get(3 * PAGE_SIZE + 100)?.seq).toBe(3 * PAGE_SIZE + 100);
    // The tail brought lines 601–1,600: pages 2 and 3 are whole, page 1 lacks its first 100 lines.
    await store.ensure(PAGE_SIZE + 1, 3 * PAGE_SIZE + 100);
    expect(server.requests.slice(1)).toEqual([{ after: PAGE_SIZE, limit: PAGE_SIZE, tail: undefined }]);
  });
});
