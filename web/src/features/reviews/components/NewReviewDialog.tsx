import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../../lib/http.ts';
import { pagePaths } from '../../../lib/paths.ts';
import { fieldLabel } from '../../../lib/wording.ts';
import { useConnectors, useCreateReview, useRecentReviews } from '../api.ts';
import { preferredConnectorId, RECENT_REVIEWS_FOR_DEFAULT } from '../preferred-connector.ts';

type Source = 'url' | 'diff';

/** "New review": a PR/MR URL or a pasted unified diff, reviewed with one of the org's connectors. */
export function NewReviewDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const navigate = useNavigate();
  const connectors = useConnectors();
  const recent = useRecentReviews(RECENT_REVIEWS_FOR_DEFAULT);
  const create = useCreateReview();
  const [source, setSource] = useState<Source>('url');
  const [url, setUrl] = useState('');
  const [diff, setDiff] = useState('');
  const [title, setTitle] = useState('');
  const [connectorId, setConnectorId] = useState<number | ''>('');

  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  // Preselect once both are known (or the recent reviews could not be read): the org's usual connector.
  const recentSettled = recent.isSuccess || recent.isError;
  useEffect(() => {
    if (connectorId !== '' || !connectors.data || !recentSettled) return;
    const preferred = preferredConnectorId(connectors.data.items, recent.data?.items ?? []);
    if (preferred !== undefined) setConnectorId(preferred);
  }, [connectors.data, recent.data, recentSettled, connectorId]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (connectorId === '') return;
    create.mutate(
      source === 'url' ? { prMrUrl: url.trim(), connectorId } : { diff, title: title.trim() || undefined, connectorId },
      { onSuccess: (review) => void navigate(pagePaths.review(review.id)) },
    );
  }

  const fieldErrors =
    create.error instanceof ApiError && Array.isArray(create.error.details)
      ? (create.error.details as { field: string; message: string }[])
      : [];

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="new-review-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="new-review-title">New review</h2>
        <fieldset className="segmented">
          <legend>What to review</legend>
          <label>
            <input type="radio" name="source" checked={source === 'url'} onChange={() => setSource('url')} /> Pull/merge
            request URL
          </label>
          <label>
            <input type="radio" name="source" checked={source === 'diff'} onChange={() => setSource('diff')} /> Pasted
            diff
          </label>
        </fieldset>
        {source === 'url' ? (
          <label className="field">
            <span>PR/MR URL</span>
            <input
              type="url"
              required
              placeholder="https://github.com/owner/repo/pull/123"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          </label>
        ) : (
          <>
            <label className="field">
              <span>Title (optional)</span>
              <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="What this change does" />
            </label>
            <label className="field">
              <span>Unified diff</span>
              <textarea
                required
                rows={10}
                value={diff}
                onChange={(e) => setDiff(e.target.value)}
                spellCheck={false}
                className="mono"
              />
            </label>
          </>
        )}
        <label className="field">
          <span>Connector</span>
          {connectors.data && connectors.data.items.length === 0 ? (
            <span className="error-text">
              This org has no AI connector yet. An owner can add one in{' '}
              <a href={pagePaths.settings('connectors')}>Settings</a>.
            </span>
          ) : (
            <select required value={connectorId} onChange={(e) => setConnectorId(Number(e.target.value))}>
              {connectors.data?.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} — {c.providerType}/{c.model}
                </option>
              ))}
            </select>
          )}
        </label>
        {create.error && (
          <div role="alert" className="error-text">
            {/* A bare validation failure's message lists field paths ("Invalid body: body.prMrUrl"); the list below says it in words. */}
            <p>
              {fieldErrors.length > 0 && /^Invalid (body|query|params)\b/.test(create.error.message)
                ? 'Please check:'
                : create.error.message}
            </p>
            {fieldErrors.length > 0 && (
              <ul>
                {fieldErrors.map((f) => (
                  <li key={f.field}>
                    {fieldLabel(f.field)}: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={create.isPending || connectorId === ''}>
            {create.isPending ? 'Starting…' : 'Start review'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
