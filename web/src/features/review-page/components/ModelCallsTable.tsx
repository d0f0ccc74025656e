import type { BatchSummary } from '@reviewtrace/contracts';
import { ColumnHeads } from '../../../components/ui/table-heads.tsx';
import { formatDuration } from '../../../lib/format.ts';
import { batchLabel } from '../../../lib/wording.ts';
import { callUsageView } from '../usage-view.ts';

const callColumns = ['Batch', 'Attempt', 'Duration', 'Tokens', 'TTFT', 'Tokens/s', 'Load', 'Cost'] as const;

/** Every model request of the review: what it used, how fast it went and what it cost. */
export function ModelCallsTable({ batches }: { batches: BatchSummary[] }) {
  const calls = batches.flatMap((batch) => (batch.calls ?? []).map((call) => ({ batchId: batch.batchId, call })));
  if (calls.length === 0) return null;
  return (
    // Focusable: the table can scroll sideways, and keyboards must reach it.
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="model-calls-title">
      <h3 id="model-calls-title">Model calls</h3>
      <table className="model-calls-table" aria-labelledby="model-calls-title">
        <thead>
          <tr>
            <ColumnHeads names={callColumns} />
          </tr>
        </thead>
        <tbody>
          {calls.map(({ batchId, call }, index) => {
            const view = callUsageView(call);
            return (
              <tr key={`${batchId}-${call.attempt ?? index}-${index}`} data-model-call={batchId}>
                <th scope="row">{batchLabel(batchId)}</th>
                <td>{call.attempt ?? '—'}</td>
                <td className="tabular" title={call.error}>
                  {formatDuration(call.durationMs)}
                  {call.error !== undefined && <span className="muted small"> · failed</span>}
                </td>
                <td className="tabular">{view.tokens}</td>
                <td className="tabular">{view.ttft}</td>
                <td className="tabular">{view.rate}</td>
                <td
                  className="tabular"
                  title={
                    call.promptEvalMs === undefined ? undefined : `Prompt eval ${formatDuration(call.promptEvalMs)}`
                  }
                >
                  {view.load}
                </td>
                <td className="tabular" title={view.costNote}>
                  {view.cost}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
