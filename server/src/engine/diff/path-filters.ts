import picomatch from 'picomatch';

/**
 * A webhook's path filters, read like a .gitignore turned around: each pattern includes the files
 * it matches, `!pattern` excludes them, and the last pattern that matches a file decides. A file no
 * pattern matches stays in when the first pattern excludes (`!**\/*.md`: everything but docs), and
 * is left out when the first pattern includes (`src/**`: only src).
 * A pattern without a slash matches the file name anywhere (`*.md`); `docs/` means the folder.
 */
export interface PathFilterResult<F> {
  kept: F[];
  excluded: { file: F; reason: string }[];
  /** What the delivery log and the completion say when nothing is left (see `nothingLeftWording`). */
  wording: { shown: string; onlyExcludedChanged: boolean };
}

interface CompiledPattern {
  source: string;
  exclude: boolean;
  /** The pattern as people read it in a sentence: `!**\/*.md` → `*.md`. */
  shown: string;
  matches: (path: string) => boolean;
}

export function applyPathFilters<F extends { path: string }>(
  patterns: readonly string[],
  files: readonly F[],
): PathFilterResult<F> {
  const compiled = patterns
    .map((p) => p.trim())
    .filter((p) => p !== '' && p !== '!')
    .map(compile);
  const includesByDefault = compiled[0]?.exclude ?? true;
  const kept: F[] = [];
  const excluded: PathFilterResult<F>['excluded'] = [];
  const excludedBy = new Set<string>();
  for (const file of files) {
    const decisive = compiled.findLast((pattern) => pattern.matches(file.path));
    if (decisive ? !decisive.exclude : includesByDefault) {
      kept.push(file);
    } else if (decisive) {
      excludedBy.add(decisive.shown);
      excluded.push({ file, reason: `excluded by the webhook's path filter ${decisive.source}` });
    } else {
      excluded.push({ file, reason: "matches none of the webhook's path filters" });
    }
  }
  const onlyExcludedChanged = excludedBy.size > 0;
  const shown = onlyExcludedChanged
    ? [...excludedBy].join(', ')
    : compiled
        .filter((p) => !p.exclude)
        .map((p) => p.shown)
        .join(', ');
  return { kept, excluded, wording: { shown, onlyExcludedChanged } };
}

/**
 * The delivery log's reason, the completion's summary and the outcome's reason (what follows
 * "Nothing reviewed:") when the filters left no file to review.
 */
export function nothingLeftWording(wording: PathFilterResult<unknown>['wording']): {
  deliveryReason: string;
  summary: string;
  outcomeReason: string;
} {
  const outcomeReason = wording.onlyExcludedChanged
    ? `only files excluded by the webhook's path filters changed (e.g. ${wording.shown})`
    : `no changed file matches the webhook's path filters (${wording.shown})`;
  return {
    deliveryReason: wording.onlyExcludedChanged
      ? `skipped: only ${wording.shown} changed`
      : `skipped: no changed file matches ${wording.shown}`,
    summary: `Nothing to review: ${outcomeReason}`,
    outcomeReason,
  };
}

function compile(source: string): CompiledPattern {
  const exclude = source.startsWith('!');
  let body = exclude ? source.slice(1) : source;
  body = body.replace(/^\/+/, '');
  if (body.endsWith('/')) body = `${body}**`;
  const anywhere = !body.includes('/');
  const options = { dot: true };
  // A slash-less pattern matches a file's name in any folder, or a folder of that name anywhere.
  const self = picomatch(anywhere ? `**/${body}` : body, options);
  const inside = picomatch(anywhere ? `**/${body}/**` : `${body}/**`, options);
  return {
    source,
    exclude,
    shown: body.replace(/^(\*\*\/)+/, ''),
    matches: (path) => self(path) || inside(path),
  };
}
