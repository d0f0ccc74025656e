import type { ReviewListResponse } from '@reviewtrace/contracts';
import { formatCount } from '../../../lib/format.ts';
import { perPageChoices, type ListParams } from '../list-params.ts';

export function Pagination({
  data,
  params,
  onChange,
}: {
  data: ReviewListResponse;
  params: ListParams;
  onChange: (change: Partial<ListParams>) => void;
}) {
  const first = (data.page - 1) * data.perPage + 1;
  const last = first + data.items.length - 1;
  const pages = Math.max(1, Math.ceil(data.total / data.perPage));
  return (
    <nav className="pagination" aria-label="Pages">
      <span>
        {formatCount(first)}–{formatCount(last)} of {data.totalExact ? '' : '≈'}
        {formatCount(data.total)}
      </span>
      <button type="button" disabled={params.page <= 1} onClick={() => onChange({ page: params.page - 1 })}>
        ← Previous
      </button>
      <span>
        Page {data.page} of {formatCount(pages)}
      </span>
      <button type="button" disabled={!data.hasNext} onClick={() => onChange({ page: params.page + 1 })}>
        Next →
      </button>
      <label>
        Per page{' '}
        <select value={params.perPage} onChange={(e) => onChange({ perPage: Number(e.target.value), page: 1 })}>
          {perPageChoices.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}
