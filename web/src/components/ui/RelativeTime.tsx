import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';

/** "3 min ago", with the absolute time (user's zone) in the tooltip and the ISO value for machines. */
export function RelativeTime({ iso }: { iso: string | null }) {
  const now = useNow(iso !== null);
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}
