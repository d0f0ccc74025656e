import { useSignedInMe, roleLabel } from '../../../app/session.ts';
import { formatBytes } from '../../../lib/format.ts';
import { useState } from 'react';
import { useArtifacts, type ArtifactItem } from '../api.ts';
import { ArtifactViewer } from './ArtifactViewer.tsx';
import { batchLabel } from '../../../lib/wording.ts';

/**
 * Prompt and response previews per batch: head and tail with a "truncated · 340 KB" badge. "View full"
 * opens the whole artifact in a viewer, read through a signed, short-lived URL the API only gives to
 * roles that may see full artifacts.
 */
export function ArtifactPreviews({ reviewId, version }: { reviewId: number; version: number }) {
  const me = useSignedInMe();
  const artifacts = useArtifacts(reviewId, version);
  const items = (artifacts.data?.items ?? []).filter((item) => item.kind !== 'diff');
  if (artifacts.error) return <p role="alert">{artifacts.error.message}</p>;
  if (items.length === 0) return null;
  const byBatch = new Map<string, ArtifactItem[]>();
  for (const item of items)
    byBatch.set(item.batchId ?? '(review)', [...(byBatch.get(item.batchId ?? '(review)') ?? []), item]);

  return (
    <section className="artifacts" aria-labelledby="artifacts-title">
      <h2 id="artifacts-title">Prompts and responses</h2>
      {!me.permissions.viewFullArtifacts && (
        <p className="muted" data-testid="view-full-hidden">
          “View full” is hidden: full prompts and responses can hold source code and secrets, so only owners and super
          admins open them. You are a {roleLabel[me.role].toLowerCase()} in this org; previews are shown below.
        </p>
      )}
      {[...byBatch].map(([batchId, list]) => (
        <details key={batchId} className="artifact-batch">
          <summary>{batchId === '(review)' ? 'Whole review' : batchLabel(batchId)}</summary>
          <div className="artifact-grid">
            {list.map((item) => (
              <ArtifactCard key={item.id} item={item} />
            ))}
          </div>
        </details>
      ))}
    </section>
  );
}

function ArtifactCard({ item }: { item: ArtifactItem }) {
  const [viewing, setViewing] = useState(false);
  const shown = new TextEncoder().encode(item.previewHead + item.previewTail).length;
  const truncated = item.sizeBytes > shown;
  return (
    <div className="artifact">
      <p className="artifact-head">
        <strong>{item.kind === 'prompt' ? 'Prompt' : 'Response'}</strong>{' '}
        {truncated && <span className="badge">truncated · {formatBytes(item.sizeBytes)}</span>}
        {item.url && (
          <button type="button" className="view-full" onClick={() => setViewing(true)}>
            View full
          </button>
        )}
      </p>
      {viewing && <ArtifactViewer item={item} onClose={() => setViewing(false)} />}
      <pre className="preview">{item.previewHead}</pre>
      {truncated && item.previewTail && (
        <>
          <p className="muted preview-gap">… {formatBytes(item.sizeBytes - shown)} not shown …</p>
          <pre className="preview">{item.previewTail}</pre>
        </>
      )}
    </div>
  );
}
