import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { canRetry, type ReviewSummary } from '@reviewtrace/contracts';
import { copyText } from '../../../lib/clipboard.ts';
import { absoluteUrl, pagePaths } from '../../../lib/paths.ts';
import { useCancelReview, useRetryReview } from '../api.ts';
import { cancelView } from '../cancel-state.ts';

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
  const [copyNote, setCopyNote] = useState<string | null>(null);
  const [cancelRequested, setCancelRequested] = useState(false);
  // Derived from the live status each render, so "stops within seconds" goes once it has stopped.
  const canceling = cancelView(review.status, cancelRequested);

  const copy = async (text: string, what: string) => {
    setCancelRequested(false);
    setCopyNote((await copyText(text)) ? `${what} copied` : 'Copying was refused by the browser');
  };

  return {
    note: canceling.note ?? copyNote,
    error: retry.error ?? cancel.error,
    canRetry: canRetry(review.status),
    canCancel: canceling.showButton && !cancelRequested,
    /** Shown in place of Cancel (disabled) until the review has ended. */
    cancelRequested: canceling.showButton && cancelRequested,
    retrying: retry.isPending,
    canceling: cancel.isPending,
    retry: () =>
      retry.mutate(
        { id: review.id, key: retryKey.current },
        { onSuccess: ({ review: created }) => void navigate(pagePaths.review(created.id)) },
      ),
    /** A partial review: re-run only its failed batches, carrying the rest over (offered by OutcomeNotice). */
    retryFailed: () =>
      retry.mutate(
        { id: review.id, key: `${retryKey.current}-failed`, only: 'failed_batches' },
        { onSuccess: ({ review: created }) => void navigate(pagePaths.review(created.id)) },
      ),
    cancel: (onDone?: () => void) =>
      cancel.mutate(review.id, {
        onSuccess: () => {
          setCopyNote(null);
          setCancelRequested(true);
          onDone?.();
        },
      }),
    copyLink: () => copy(absoluteUrl(pagePaths.review(review.id)), 'Link'),
    copyId: () => copy(String(review.id), 'Review ID'),
  };
}
