import { memo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SummaryComment } from '@reviewtrace/contracts';
import type { DiffRow } from '../diff-view/diff-rows.ts';
import { highlightLine, languageOf } from '../diff-view/highlight.ts';
import { CoveragePill } from './CoveragePill.tsx';

const LINE_HEIGHT = 20;
/** Two line-number columns and the sign, in characters (the CSS grid uses the same). */
const GUTTER_CH = 14;

/**
 * The diff as one virtualized list (the log's @tanstack/react-virtual): only the rows on screen
 * are rendered and highlighted, so a 50,000-line diff opens at once. The list scrolls sideways
 * inside its own box, as wide as the widest line, so long lines never widen the page.
 */
export function DiffViewer({ rows, widest }: { rows: DiffRow[]; widest: number }) {
  const viewport = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => viewport.current,
    estimateSize: (index) => (rows[index]?.kind === 'line' ? LINE_HEIGHT : 40),
    overscan: 20,
  });
  if (rows.length === 0) return <p className="muted">The diff is empty.</p>;
  return (
    <div
      ref={viewport}
      className="diff-viewport"
      // A short diff takes its own height; a long one a window of the screen, scrolled inside.
      style={{ height: `min(${virtualizer.getTotalSize() + 2}px, 70vh, 44rem)` }}
      tabIndex={0}
      aria-label="The reviewed diff"
    >
      <div
        className="diff-canvas"
        style={{ height: virtualizer.getTotalSize(), width: `max(100%, calc(${widest + GUTTER_CH + 2}ch + 1rem))` }}
      >
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            ref={virtualizer.measureElement}
            data-index={item.index}
            className="diff-row-slot"
            style={{ transform: `translateY(${item.start}px)` }}
          >
            <DiffRowView row={rows[item.index]!} />
          </div>
        ))}
      </div>
    </div>
  );
}

const DiffRowView = memo(function DiffRowView({ row }: { row: DiffRow }) {
  switch (row.kind) {
    case 'file':
      return (
        <div className="diff-file">
          <code className="file-path">{row.path}</code>
          {row.coverage && <CoveragePill coverage={row.coverage} />}
          {row.coverage && (
            <span className="muted tabular">
              +{row.coverage.additions} −{row.coverage.deletions}
              {row.coverage.batchId && ` · ${row.coverage.batchId}`}
            </span>
          )}
          {!row.inDiff && <span className="muted">not in the diff</span>}
        </div>
      );
    case 'hunk':
      return (
        <div className={`diff-hunk${row.leftOut ? ' left-out' : ''}`}>
          <span className="diff-gutter" />
          <code>{row.header}</code>
          {row.leftOut && <span className="pill status-warning">not read: over the batch limit</span>}
        </div>
      );
    case 'line':
      return <CodeLine row={row} />;
    case 'comments':
      return <InlineComments comments={row.comments} outside={row.outside} />;
    case 'not-read':
      return (
        <p className="diff-not-read">
          Not read ({row.coverage.reason}){row.coverage.detail ? `: ${row.coverage.detail}` : ''}.
        </p>
      );
  }
});

const signs = { add: '+', del: '-', ctx: ' ', note: '' } as const;

function CodeLine({ row }: { row: Extract<DiffRow, { kind: 'line' }> }) {
  const { line } = row;
  const language = line.kind === 'note' ? undefined : languageOf(row.path);
  return (
    <div className={`diff-line diff-${line.kind}`}>
      <span className="diff-no" aria-hidden="true">
        {line.oldNo ?? ''}
      </span>
      <span className="diff-no" aria-hidden="true">
        {line.newNo ?? ''}
      </span>
      <span className="diff-sign">{signs[line.kind]}</span>
      {language ? (
        // highlight.js escapes the code: this HTML holds only its own <span class="hljs-…"> tags.
        <code className="hljs" dangerouslySetInnerHTML={{ __html: highlightLine(line.text, language) }} />
      ) : (
        <code>{line.text}</code>
      )}
    </div>
  );
}

function InlineComments({ comments, outside }: { comments: SummaryComment[]; outside: boolean }) {
  return (
    <div className="diff-comments">
      {comments.map((comment, index) => (
        <article key={index} className={`inline-comment severity-${comment.severity ?? 'info'}`}>
          <header>
            <strong>{comment.severity ?? 'info'}</strong>
            {comment.category && <span className="muted"> · {comment.category}</span>}
            {outside && comment.lineNumber !== null && (
              <span className="muted"> · line {comment.lineNumber} (not shown in the diff)</span>
            )}
          </header>
          <p>{comment.content}</p>
          {comment.suggestion && <pre className="inline-suggestion">{comment.suggestion}</pre>}
        </article>
      ))}
    </div>
  );
}
