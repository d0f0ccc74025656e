import { eventLevel, eventMessage, type EventLike } from '@reviewtrace/contracts';

/**
 * Log search matches what a reader sees: the line's message (`eventMessage`), its batch id and its
 * level, case-insensitively. The database can only look at what is stored, so it narrows the log
 * to candidates (`SearchPrefilter`) and `lineMatcher` decides.
 *
 * The prefilter must never drop a line that matches. A line shows text that is not in `data`:
 * template words ("Review failed", "Model call end", "non-streaming"), formatted numbers, compact
 * JSON. So only types whose line is template text around values copied verbatim from `data` are
 * prefiltered, by those values, and only when the needle cannot reach into their template text;
 * every event of another type is a candidate (they are few per review: status, batch, parse…).
 */
export interface SearchPrefilter {
  /** Case-insensitive LIKE pattern for the stored values a prefiltered line shows. */
  pattern: string;
  /** The prefiltered types, with the `data` values their line shows (`structured`: shown as JSON if not text). */
  verbatimTypes: { type: string; keys: readonly string[]; structured: readonly string[] }[];
}

/**
 * The `data` fields the line of each prefiltered type shows (contracts/src/event-text.ts): strings
 * (`text`, always shown; `optionalText`), numbers and flags. The literal text around them is taken
 * from `eventMessage` itself, by rendering every combination with placeholders, so a new template
 * word cannot be missed; a new field must be listed here (event-search.int.test.ts searches every
 * piece of real lines).
 */
const shownFields: Record<string, { text: string[]; optionalText: string[]; numbers: string[]; flags: string[] }> = {
  log: { text: ['message'], optionalText: ['code'], numbers: [], flags: [] },
  model_call: {
    text: ['phase', 'provider', 'model'],
    optionalText: ['error'],
    numbers: ['attempt', 'chunks', 'chars', 'ttfbMs', 'durationMs'],
    flags: ['streaming'],
  },
};

const VALUE = '\u0001';
/** A number no template contains, to find where numbers go. */
const NUMBER = 918_273_645;

/** The runs of literal text between values in every line a type can render, lower-cased. */
function templateRuns(type: string): string[] {
  const fields = shownFields[type]!;
  let variants: Record<string, unknown>[] = [Object.fromEntries(fields.text.map((key) => [key, VALUE]))];
  const vary = (key: string, values: unknown[]) => {
    variants = variants.flatMap((data) =>
      values.map((value) => (value === undefined ? data : { ...data, [key]: value })),
    );
  };
  for (const key of fields.optionalText) vary(key, [undefined, VALUE]);
  for (const key of fields.numbers) vary(key, [undefined, NUMBER]);
  for (const key of fields.flags) vary(key, [undefined, true, false]);
  const runs = new Set<string>();
  for (const data of variants) {
    const line = eventMessage({ seq: 0, type, time: '', level: null, batchId: null, data });
    for (const run of line.replaceAll(String(NUMBER), VALUE).split(VALUE)) if (run) runs.add(run.toLowerCase());
  }
  return [...runs];
}

const verbatimLines = Object.entries(shownFields).map(([type, fields]) => {
  const structured = [...fields.text, ...fields.optionalText];
  // `level` in data is the shown level when the column is empty (eventLevel).
  return { type, runs: templateRuns(type), keys: [...structured, ...fields.numbers, 'level'], structured };
});

/** What the database may skip for this needle; undefined when any event may match. */
export function searchPrefilter(q: string): SearchPrefilter | undefined {
  const needle = q.toLowerCase();
  // Most lines show the level INFO without storing it: a needle inside "info" can match any line.
  if ('info'.includes(needle)) return undefined;
  const verbatimTypes = verbatimLines
    .filter((line) => !line.runs.some((run) => overlaps(needle, run)))
    .map(({ type, keys, structured }) => ({ type, keys, structured }));
  if (verbatimTypes.length === 0) return undefined;
  return { pattern: likePattern(q), verbatimTypes };
}

/**
 * Whether a match of `needle` could cover part of a run of literal text, whatever values surround
 * it: the needle inside the run, the run inside the needle, or the needle running into or out of it.
 */
export function overlaps(needle: string, run: string): boolean {
  if (run.includes(needle) || needle.includes(run)) return true;
  for (let length = 1; length < needle.length && length < run.length; length++) {
    if (run.startsWith(needle.slice(-length)) || run.endsWith(needle.slice(0, length))) return true;
  }
  return false;
}

/**
 * `%text%` with LIKE's wildcards escaped. Characters beyond ASCII become `_` (any one character):
 * JavaScript's case folding and the database's (which depends on its locale) may disagree on them,
 * and a prefilter may only ever keep too much.
 */
function likePattern(text: string): string {
  let pattern = '';
  for (const char of text) {
    if (char > '\u007f') pattern += '_';
    else pattern += /[\\%_]/.test(char) ? `\\${char}` : char;
  }
  return `%${pattern}%`;
}

/** The final say for one event: does the reader's line (message, batch id or level) contain `q`? */
export function lineMatcher(q: string): (event: EventLike) => boolean {
  const needle = q.toLowerCase();
  return (event) =>
    eventMessage(event).toLowerCase().includes(needle) ||
    (event.batchId?.toLowerCase().includes(needle) ?? false) ||
    eventLevel(event).toLowerCase().includes(needle);
}
