import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { isTerminal, type ReviewDetail, type ReviewEvent } from '@reviewtrace/contracts';
import { useAnnounce } from '../../../components/ui/Announcer.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { statusLook } from '../../../components/ui/StatusPill.tsx';
import { useDocumentTitle } from '../../../lib/use-title.ts';
import { useReviewEvents } from '../../live/hooks/useReviewEvents.ts';
import { ConnectionContext } from '../../live/hooks/useLiveNow.ts';
import { useLogData } from '../../log/hooks/useLogData.ts';
import { LogPanel } from '../../log/components/LogPanel.tsx';
import { reviewKeys, useReviewDetail } from '../../reviews/api.ts';
import { ArtifactPreviews } from './ArtifactPreviews.tsx';
import { BatchesSection } from './BatchesSection.tsx';
import { FailureBanner } from './FailureBanner.tsx';
import { PostingPanel } from './PostingPanel.tsx';
import { PostingProblem } from './PostingProblem.tsx';
import { ProgressSummary } from './ProgressSummary.tsx';
import { ResultSection } from './ResultSection.tsx';
import { ReviewHeader } from './ReviewHeader.tsx';
import { ReviewTabs } from './ReviewTabs.tsx';
import { Timeline } from './Timeline.tsx';
import { useModelCallActivity } from '../hooks/useModelCallActivity.ts';
import { useTimeEvents } from '../hooks/useTimeEvents.ts';
import { TimeBar } from './TimeBar.tsx';
import { batchLabel } from '../../../lib/wording.ts';
import { OutcomeNotice } from '../../outcomes/components/OutcomeNotice.tsx';
import { RetryCompare } from '../../outcomes/components/RetryCompare.tsx';
import { useReviewActions } from '../../reviews/hooks/useReviewActions.ts';

/** Events that change what the header, timeline, batches or result show (log lines do not). */
const shapeChanging = new Set(['status', 'batch', 'parse', 'completion', 'artifact', 'posting']);
/** The detail is re-read at most this often however fast such events arrive. */
const DETAIL_REFRESH_MS = 1000;

export default function ReviewPage() {
  const id = Number(useParams().id);
  if (!Number.isInteger(id) || id < 1) return <ErrorState error={new Error('That is not a review id.')} />;
  return <ReviewLoader key={id} id={id} />;
}

function ReviewLoader({ id }: { id: number }) {
  const detail = useReviewDetail(id);
  useDocumentTitle(
    detail.data ? `${statusLook[detail.data.status].tabMark} #${id} ${detail.data.title}` : `Review #${id}`,
  );

  if (detail.isPending) return <Loading what={`review #${id}`} />;
  // A failed refresh keeps what is on screen (and its stream); only a failed first load replaces it.
  if (!detail.data) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  return (
    <>
      {detail.error && (
        <p className="notice notice-warning" role="status">
          Could not refresh this review ({detail.error.message}); showing the last state.{' '}
          <button type="button" className="link-button" onClick={() => void detail.refetch()}>
            Try again
          </button>
        </p>
      )}
      <ReviewProgress review={detail.data} />
    </>
  );
}

/** Mounted once the first snapshot is in; refreshes of the detail re-render it with the new state. */
function ReviewProgress({ review }: { review: ReviewDetail }) {
  const queryClient = useQueryClient();
  // The first snapshot's lastSeq is where the log and the stream start: kept from the first render,
  // so later detail refreshes do not restart them.
  const [snapshotSeq] = useState(review.lastSeq);
  const announce = useAnnounce();
  const log = useLogData(review.id, snapshotSeq);
  const [artifactVersion, setArtifactVersion] = useState(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const refreshDetail = useCallback(() => {
    refreshTimer.current ??= setTimeout(() => {
      refreshTimer.current = undefined;
      void queryClient.invalidateQueries({ queryKey: reviewKeys.detail(review.id) });
    }, DETAIL_REFRESH_MS);
  }, [queryClient, review.id]);
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  const running = review.status === 'running';
  const modelCalls = useModelCallActivity(review.id, running);
  const addCallEvents = modelCalls.add;
  const timeEvents = useTimeEvents(review.id);
  const addTimeEvents = timeEvents.add;

  const onEvents = useCallback(
    (events: ReviewEvent[]) => {
      log.append(events);
      addCallEvents(events);
      addTimeEvents(events);
      if (events.some((event) => shapeChanging.has(event.type))) refreshDetail();
      if (events.some((event) => event.type === 'artifact')) setArtifactVersion((v) => v + 1);
      const milestone = [...events]
        .reverse()
        .find((e) => e.type === 'status' || (e.type === 'batch' && e.data['status'] !== 'running'));
      if (milestone?.type === 'status') announce(`Review ${String(milestone.data['status'])}`);
      else if (milestone) announce(`${batchLabel(milestone.batchId)} ${String(milestone.data['status'])}`);
    },
    [log, refreshDetail, announce, addCallEvents, addTimeEvents],
  );

  // When the stream ends (or polling sees the end), read the final state once more.
  const onEnded = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: reviewKeys.detail(review.id) }),
    [queryClient, review.id],
  );
  const connection = useReviewEvents(review.id, snapshotSeq, onEvents, onEnded);

  const origin = Date.parse(review.startedAt ?? review.createdAt);
  const finished = isTerminal(review.status);
  const eventTypes = Object.keys(review.eventCounts).sort();
  const actions = useReviewActions(review);

  return (
    <ConnectionContext value={connection}>
      <article className="page review-page" aria-labelledby="review-title">
        <ReviewHeader review={review} connection={connection} />
        <FailureBanner review={review} />
        <PostingProblem review={review} />
        {finished && <OutcomeNotice review={review} onRetryFailed={actions.retryFailed} retrying={actions.retrying} />}
        {finished && review.retryOf !== null && <RetryCompare review={review} />}
        <div className="review-grid">
          <Timeline review={review} calls={running ? modelCalls.calls : []} />
          <ProgressSummary
            review={review}
            calls={running ? modelCalls.calls : []}
            waits={running ? modelCalls.waits : []}
          />
        </div>
        <TimeBar status={review.status} events={timeEvents.events} loaded={timeEvents.loaded} />
        <BatchesSection review={review} />
        <ReviewTabs
          review={review}
          log={<LogPanel review={review} log={log} origin={origin} eventTypes={eventTypes} />}
        />
        <ArtifactPreviews reviewId={review.id} version={artifactVersion} />
        {finished && <ResultSection review={review} />}
        {finished && <PostingPanel review={review} />}
      </article>
    </ConnectionContext>
  );
}
