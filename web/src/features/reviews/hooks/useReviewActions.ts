import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ReviewSummary } from '@reviewtrace/contracts';
import { copyText } from '../../../lib/clipboard.ts';
import { absoluteUrl, pagePaths } from '../../../lib/paths.ts';
import { canCancel, canRetry, useCancelReview, useRetryReview } from '../api.ts';

/**
 * What the list's row menu and the progress page header both offer: retry (opens the new review),
 * cancel, and copy link / ID, with one short note saying what happened.
 */
export function useReviewActions(review: Pick<ReviewSummary, 'id' | 'status'>) {
  const navigate = useNavigate();
  const retry = useRetryReview();
  const cancel = useCancelReview();
  // One key per page view: a double click or a resent request returns the same new review.
  const retryKey = useRef(crypto.randomUUID());
  const [note, setNote] = useState<string | null>(null);

  const copy = async (text: string, what: string) =>
    setNote((await copyText(text)) ? `${what} copied` : 'Copying was refused by the browser');

  return {
    note,
    error: retry.error ?? cancel.error,
    canRetry: canRetry(review),
    canCancel: canCancel(review),
    retrying: retry.isPending,
    canceling: cancel.isPending,
    retry: () =>
      retry.mutate(
        { id: review.id, key: retryKey.current },
        { onSuccess: ({ review: created }) => void navigate(pagePaths.review(created.id)) },
      ),
    cancel: (onDone?: () => void) =>
      cancel.mutate(review.id, {
        onSuccess: () => {
          setNote('Cancel requested: the engine stops within seconds.');
          onDone?.();
        },
      }),
    copyLink: () => copy(absoluteUrl(pagePaths.review(review.id)), 'Link'),
    copyId: () => copy(String(review.id), 'Review ID'),
  };
}
