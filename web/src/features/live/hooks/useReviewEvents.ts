import { useEffect, useRef, useState } from 'react';
import type { ReviewEvent } from '@reviewtrace/contracts';
import { initialConnection, type ConnectionState } from '../connection.ts';
import { LiveFeed } from '../live-feed.ts';
import { ReviewEventsSource } from '../review-source.ts';
import { useTransportChoice } from '../transport-setting.ts';

/** Frames are handed to the page in batches: 500 events/s become ~10 renders/s, not 500. */
const DELIVERY_INTERVAL_MS = 100;

/**
 * The one live hook of the progress page: from the snapshot's `lastSeq`, every later event exactly
 * once and in order, over SSE or its polling fallback. `startAfter` undefined = not ready yet
 * (snapshot loading). One stream per tab: the page calls this once.
 */
export function useReviewEvents(
  reviewId: number,
  startAfter: number | undefined,
  onEvents: (events: ReviewEvent[]) => void,
  /** Once, when the stream (or a poll) says the review is over and every event was delivered. */
  onEnded?: () => void,
): ConnectionState {
  const [state, setState] = useState<ConnectionState>(initialConnection);
  const deliverRef = useRef(onEvents);
  deliverRef.current = onEvents;
  const endedRef = useRef(onEnded);
  endedRef.current = onEnded;
  const ready = startAfter !== undefined;
  const startRef = useRef(startAfter);
  startRef.current = startAfter;
  const choice = useTransportChoice();
  // The last seq handed to the page: a feed restarted by a new setting resumes there, not at the snapshot.
  const deliveredRef = useRef<{ reviewId: number; seq: number } | undefined>(undefined);

  useEffect(() => {
    if (!ready) return;
    let pending: ReviewEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let active = true;
    const flush = () => {
      timer = undefined;
      const batch = pending;
      pending = [];
      if (batch.length === 0) return;
      deliverRef.current(batch);
      // Recorded once handed over: a batch dropped by a restart before its flush is read again.
      deliveredRef.current = { reviewId, seq: batch[batch.length - 1]!.seq };
    };
    const delivered = deliveredRef.current?.reviewId === reviewId ? deliveredRef.current.seq : undefined;
    const source = new ReviewEventsSource(reviewId, delivered ?? startRef.current ?? 0, (events) => {
      // A gap fill still in flight when the page is left must not reach the next page.
      if (!active) return;
      pending.push(...events);
      timer ??= setTimeout(flush, DELIVERY_INTERVAL_MS);
    });
    let ended = false;
    const feed = new LiveFeed(
      source,
      (next) => {
        setState(next);
        // The feed may report the ended state more than once; the end is announced once.
        if (next.mode !== 'ended' || ended) return;
        ended = true;
        endedRef.current?.();
      },
      { choice },
    );
    feed.start();
    return () => {
      active = false;
      feed.stop();
      clearTimeout(timer);
    };
  }, [reviewId, ready, choice]);

  return state;
}
