import { useMemo } from 'react';
import type { FileCoverage, ReviewDetail } from '@reviewtrace/contracts';
import { Loading } from '../../../components/ui/states.tsx';
import { useArtifacts, useComments, useDiffText } from '../api.ts';
import { coverageHeaderText } from '../coverage-view.ts';
import { parseDiff } from '../diff-view/diff-parse.ts';
import { diffRows, widestLine } from '../diff-view/diff-rows.ts';
import { CoveragePill } from './CoveragePill.tsx';
import { DiffViewer } from './DiffViewer.tsx';
import './files-tab.css';

/** The Files tab: what the review read, file by file, and the diff with the model's comments on it. */
export default function FilesTab({ review }: { review: ReviewDetail }) {
  const artifacts = useArtifacts(review.id, review.eventCounts['artifact'] ?? 0);
  // The latest diff artifact is the one the engine read (a retry stores its own).
  const diffArtifact = artifacts.data?.items.filter((item) => item.kind === 'diff').at(-1);
  const diff = useDiffText(diffArtifact?.url, diffArtifact?.id);
  const comments = useComments(review.id, review.commentCount > 0, review.commentCount);
  const coverage = review.coverage;
  const coverageFiles = useMemo(() => coverage?.files ?? [], [coverage?.files]);
  const files = useMemo(() => (diff.data === undefined ? [] : parseDiff(diff.data)), [diff.data]);
  const rows = useMemo(
    () => diffRows(files, coverageFiles, comments.data?.comments ?? []),
    [files, coverageFiles, comments.data],
  );
  const skipped = coverageFiles.filter((file) => file.status === 'skipped');
  const readLine = coverageHeaderText(coverage);

  return (
    <div className="files-tab">
      {readLine ? (
        <p className="files-read">{readLine}</p>
      ) : (
        <p className="muted">The engine has not planned this change yet: the files appear once it has.</p>
      )}
      {skipped.length > 0 && <NotRead files={skipped} />}
      {coverage?.filesOmitted ? (
        <p className="muted">
          {coverage.filesOmitted.toLocaleString('en-US')} more files are counted above but not listed (the list keeps
          the first 2,000).
        </p>
      ) : null}
      {artifacts.isPending || (diffArtifact && diff.isPending) ? (
        <Loading what="the diff" />
      ) : artifacts.error || diff.error ? (
        <p role="alert">{(artifacts.error ?? diff.error)!.message}</p>
      ) : !diffArtifact ? (
        <p className="muted">No diff is stored for this review (an external engine may not upload one).</p>
      ) : (
        <DiffViewer rows={rows} widest={widestLine(files)} />
      )}
    </div>
  );
}

function NotRead({ files }: { files: FileCoverage[] }) {
  return (
    <details className="not-read" open={files.length <= 20}>
      <summary>
        Not read: {files.length} {files.length === 1 ? 'file' : 'files'}
      </summary>
      <ul>
        {files.map((file) => (
          <li key={file.path}>
            <code className="file-path">{file.path}</code> <CoveragePill coverage={file} />
            {file.detail && <span className="muted"> {file.detail}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
