import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { pagePaths } from '../../../lib/paths.ts';
import { fieldLabel } from '../../../lib/wording.ts';
import { useConnectors, useCreateReview, useRecentReviews } from '../api.ts';
import { fieldMessages } from '../field-errors.ts';
import { preferredConnectorId, RECENT_REVIEWS_FOR_DEFAULT } from '../preferred-connector.ts';

/** The request fields this form has an input for: their 400 messages show under that input. */
const formFields = ['prMrUrl', 'title', 'diff', 'connectorId'] as const;

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

  const { byField, rest: otherFieldErrors } = fieldMessages(create.error, formFields);
  /** The input's own message from a 400, linked to it so a screen reader reads it with the field. */
  const invalid = (field: (typeof formFields)[number]) =>
    byField[field] ? { 'aria-invalid': true, 'aria-describedby': `new-review-${field}-error` } : {};
  const message = (field: (typeof formFields)[number]) =>
    byField[field] && (
      <span id={`new-review-${field}-error`} className="error-text field-error" data-field-error={field}>
        {byField[field].join(' ')}
      </span>
    );

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
              {...invalid('prMrUrl')}
            />
            {message('prMrUrl')}
          </label>
        ) : (
          <>
            <label className="field">
              <span>Title (optional)</span>
              <input
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                placeholder="What this change does"
                {...invalid('title')}
              />
              {message('title')}
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
                {...invalid('diff')}
              />
              {message('diff')}
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
            <select
              required
              value={connectorId}
              onChange={(e) => setConnectorId(Number(e.target.value))}
              {...invalid('connectorId')}
            >
              {connectors.data?.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} — {c.providerType}/{c.model}
                </option>
              ))}
            </select>
          )}
          {message('connectorId')}
        </label>
        {create.error && (
          <div role="alert" className="error-text">
            {/* A bare validation failure's message lists field paths ("Invalid body: body.prMrUrl"); the fields say it in words. */}
            <p>
              {/^Invalid (body|query|params)\b/.test(create.error.message)
                ? 'Please check the fields marked above.'
                : create.error.message}
            </p>
            {otherFieldErrors.length > 0 && (
              <ul>
                {otherFieldErrors.map((f) => (
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
