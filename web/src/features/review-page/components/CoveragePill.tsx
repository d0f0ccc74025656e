import type { FileCoverage } from '@reviewtrace/contracts';
import { CheckIcon, CircleSlashIcon, LayersIcon, TriangleAlertIcon } from '../../../components/ui/icons.ts';

/** A file's coverage as a pill: colour, icon and word (never colour alone). */
export function CoveragePill({ coverage }: { coverage: FileCoverage }) {
  switch (coverage.status) {
    case 'reviewed':
      return (
        <span className="pill status-success">
          <CheckIcon /> reviewed
        </span>
      );
    case 'split':
      return (
        <span className="pill status-success">
          <LayersIcon /> split in {coverage.pieces ?? 2}
        </span>
      );
    case 'clipped':
      return (
        <span className="pill status-warning">
          <TriangleAlertIcon /> clipped
        </span>
      );
    case 'skipped':
      return (
        <span className="pill status-queued">
          <CircleSlashIcon /> skipped · {coverage.reason ?? 'no reason given'}
        </span>
      );
  }
}
