import { useEffect, useMemo, useRef, useState } from 'react';
import { formatBytes, formatCount } from '../../../lib/format.ts';
import type { ArtifactItem } from '../api.ts';

/** Lines shown with numbers; past this the download has the rest (a browser tab would choke too). */
const MAX_LINES = 20_000;

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ok'; text: string };

/**
 * "View full": the whole prompt or response in a dialog, fetched as text through its signed URL,
 * with line numbers and a download of exactly what was fetched.
 */
export function ArtifactViewer({ item, onClose }: { item: ArtifactItem; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const title = `${item.kind === 'prompt' ? 'Prompt' : 'Response'}${item.batchId ? ` · ${item.batchId}` : ''}`;

  useEffect(() => {
    dialog.current?.showModal();
    const abort = new AbortController();
    fetch(item.url!, { signal: abort.signal, credentials: 'same-origin' })
      .then(async (response) => {
        if (!response.ok)
          throw new Error(`The artifact could not be loaded (HTTP ${response.status}); close and try again.`);
        setLoaded({ state: 'ok', text: await response.text() });
      })
      .catch((error: unknown) => {
        if (!abort.signal.aborted)
          setLoaded({ state: 'error', message: error instanceof Error ? error.message : 'Could not load it' });
      });
    return () => abort.abort();
  }, [item.url]);

  const text = loaded.state === 'ok' ? loaded.text : '';
  const lines = useMemo(() => (text ? text.split('\n') : []), [text]);
  const download = useMemo(() => (text ? URL.createObjectURL(new Blob([text], { type: 'text/plain' })) : null), [text]);
  useEffect(() => () => void (download && URL.revokeObjectURL(download)), [download]);

  return (
    <dialog ref={dialog} className="dialog artifact-viewer" aria-labelledby="artifact-viewer-title" onClose={onClose}>
      <div className="artifact-viewer-head">
        <h2 id="artifact-viewer-title">{title}</h2>
        <span className="muted">
          {formatBytes(item.sizeBytes)}
          {lines.length > 0 && ` · ${formatCount(lines.length)} lines`}
        </span>
        {download && (
          <a className="button" href={download} download={`review-${item.batchId ?? 'review'}-${item.kind}.txt`}>
            Download
          </a>
        )}
        <button type="button" onClick={() => dialog.current?.close()} autoFocus>
          Close
        </button>
      </div>
      {loaded.state === 'loading' && <p className="muted">Loading…</p>}
      {loaded.state === 'error' && <p role="alert">{loaded.message}</p>}
      {loaded.state === 'ok' && (
        <>
          <pre className="numbered" tabIndex={0} aria-label={`${title}, with line numbers`}>
            {lines.slice(0, MAX_LINES).map((line, index) => (
              <span key={index} className="numbered-line">
                {line}
                {'\n'}
              </span>
            ))}
          </pre>
          {lines.length > MAX_LINES && (
            <p className="muted">
              Showing the first {formatCount(MAX_LINES)} of {formatCount(lines.length)} lines; the download has them
              all.
            </p>
          )}
        </>
      )}
    </dialog>
  );
}
