import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Unified diffs the demo reviews. Five are commits of this repository (`git show`, so real code
 * with real review material); one is written for the demo to show skipped files: a lock file,
 * binary images, a minified stylesheet and a snapshot next to ordinary source.
 */
export interface SampleDiff {
  id: string;
  title: string;
  repository: string;
  branch: string;
  gitProvider: 'github' | 'gitlab';
  /** What the sample shows in the demo. */
  shows: string;
  /** Absolute path of the .diff file. */
  path: string;
  /** The diff text, read on first use. */
  readonly diff: string;
}

type SampleMeta = Omit<SampleDiff, 'path' | 'diff'> & { fileName: string };

const samples: SampleMeta[] = [
  {
    id: 'storefront-dark-mode',
    fileName: 'storefront-dark-mode.diff',
    title: 'Add dark mode to the storefront',
    repository: 'acme/web-storefront',
    branch: 'feature/dark-mode',
    gitProvider: 'github',
    shows: 'skips: pnpm-lock.yaml, three PNGs, a *.min.css and a *.snap; 7 files reviewed in one batch',
  },
  {
    id: 'review-logger',
    fileName: 'review-logger.diff',
    title: 'ReviewLogger, buffered EventWriter and per-review file log',
    repository: 'reviewtrace/reviewtrace',
    branch: 'feature/review-logger',
    gitProvider: 'github',
    shows: 'a small change: 2 files, one batch',
  },
  {
    id: 'settings-api',
    fileName: 'settings-api.diff',
    title: 'Settings API: connectors and git tokens, encrypted at rest (AES-GCM)',
    repository: 'reviewtrace/reviewtrace',
    branch: 'feature/settings-api',
    gitProvider: 'gitlab',
    shows: 'a typical feature: 10 files, two batches at 6,000 tokens',
  },
  {
    id: 'engine-contracts',
    fileName: 'engine-contracts.diff',
    title: 'Engine contracts: typed engine errors, AI and git provider interfaces',
    repository: 'reviewtrace/reviewtrace',
    branch: 'feature/engine-contracts',
    gitProvider: 'github',
    shows: 'a 1,000-line package-lock.json skipped as a lock file; 5 files reviewed',
  },
  {
    id: 'list-benchmark',
    fileName: 'list-benchmark.diff',
    title: 'List benchmark; search totals without slow bitmap counts',
    repository: 'reviewtrace/reviewtrace',
    branch: 'perf/list-benchmark',
    gitProvider: 'gitlab',
    shows: '18 files, an empty .gitkeep skipped, three batches at 6,000 tokens',
  },
  {
    id: 'foundation-skeleton',
    fileName: 'foundation-skeleton.diff',
    title: 'Foundation skeleton: contracts, schema, auth, reviews API, demo seed',
    repository: 'reviewtrace/reviewtrace',
    branch: 'feature/foundation',
    gitProvider: 'github',
    shows: 'a large change: 60 files, ~150 KB, eight batches at 6,000 tokens',
  },
];

const loaded = new Map<string, string>();

function toSample({ fileName, ...meta }: SampleMeta): SampleDiff {
  const path = fileURLToPath(new URL(fileName, import.meta.url));
  return {
    ...meta,
    path,
    get diff() {
      let text = loaded.get(path);
      if (text === undefined) {
        text = readFileSync(path, 'utf8');
        loaded.set(path, text);
      }
      return text;
    },
  };
}

export const sampleDiffs: readonly SampleDiff[] = samples.map(toSample);

export function sampleDiffById(id: string): SampleDiff | undefined {
  return sampleDiffs.find((sample) => sample.id === id);
}
