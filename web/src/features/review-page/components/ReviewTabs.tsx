import { lazy, Suspense, useId, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { ReviewDetail } from '@reviewtrace/contracts';
import { Loading } from '../../../components/ui/states.tsx';

// Its own chunk: the diff view and its highlighter load only when someone opens the tab.
const FilesTab = lazy(() => import('./FilesTab.tsx'));

const tabs = [
  { id: 'log', label: 'Log' },
  { id: 'files', label: 'Files' },
] as const;
type TabId = (typeof tabs)[number]['id'];

/** Log and Files, one at a time; the open tab lives in the URL (`?tab=files`) so it deep-links. */
export function ReviewTabs({ review, log }: { review: ReviewDetail; log: ReactNode }) {
  const [params, setParams] = useSearchParams();
  const open: TabId = params.get('tab') === 'files' ? 'files' : 'log';
  const baseId = useId();
  const select = (id: TabId) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id === 'log') next.delete('tab');
        else next.set('tab', id);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  const filesCount = review.coverage?.filesTotal;

  return (
    <section className="review-tabs">
      <div role="tablist" aria-label="Review views" className="tab-list">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${baseId}-${tab.id}`}
            aria-selected={open === tab.id}
            // Only the open tab's panel exists: pointing at a missing id is an ARIA error.
            aria-controls={open === tab.id ? `${baseId}-${tab.id}-panel` : undefined}
            tabIndex={open === tab.id ? 0 : -1}
            onClick={() => select(tab.id)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const other = tab.id === 'log' ? 'files' : 'log';
              select(other);
              document.getElementById(`${baseId}-${other}`)?.focus();
            }}
          >
            {tab.label}
            {tab.id === 'files' && filesCount !== undefined && <span className="tab-count">{filesCount}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-${open}-panel`} aria-labelledby={`${baseId}-${open}`}>
        {open === 'log' ? (
          log
        ) : (
          <Suspense fallback={<Loading what="the files" />}>
            <FilesTab review={review} />
          </Suspense>
        )}
      </div>
    </section>
  );
}
