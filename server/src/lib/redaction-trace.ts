/**
 * Redaction as a list of passes that records what each pass replaced, so a streaming caller can
 * tell which positions of its input no replacement covers and where they land in the output.
 */
export interface RedactionPass {
  name: string;
  /** Global; every match is replaced (as `String.prototype.replace` would). */
  pattern: RegExp;
  replace: (match: string, groups: string[]) => string;
  /** One character that would lengthen a match reaching the end of the text, had more text followed. */
  continues?: RegExp;
  /** For a block that runs to the end of the text until this closing line arrives. */
  closes?: RegExp;
}

/** `[start, end)` of the pass's input became `length` characters of its output. */
interface Replacement {
  start: number;
  end: number;
  length: number;
}

interface PassTrace {
  pass: RedactionPass;
  inputLength: number;
  /** In order, never overlapping. */
  replacements: Replacement[];
  /** `shifts[i]`: how much longer the output is than the input after replacement `i`. */
  shifts: number[];
}

export interface TracedRedaction {
  text: string;
  passes: PassTrace[];
}

export function applyPasses(input: string, passes: readonly RedactionPass[]): TracedRedaction {
  const traces: PassTrace[] = [];
  let text = input;
  for (const pass of passes) {
    const replacements: Replacement[] = [];
    const shifts: number[] = [];
    let out = '';
    let copied = 0;
    let shift = 0;
    for (const match of text.matchAll(pass.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      const replacement = pass.replace(match[0], match.slice(1));
      out += text.slice(copied, start) + replacement;
      copied = end;
      shift += replacement.length - (end - start);
      replacements.push({ start, end, length: replacement.length });
      shifts.push(shift);
    }
    traces.push({ pass, inputLength: text.length, replacements, shifts });
    if (replacements.length > 0) text = out + text.slice(copied);
  }
  return { text, passes: traces };
}

/**
 * Where `position` of the input lands in the redacted text, or `undefined` when it lies strictly
 * inside something a pass replaced (cutting there would split a match).
 */
export function imageOf(trace: TracedRedaction, position: number): number | undefined {
  let at = position;
  for (const { replacements, shifts } of trace.passes) {
    const i = lastStartingBefore(replacements, at);
    if (i < 0) continue;
    if (replacements[i]!.end > at) return undefined;
    at += shifts[i]!;
  }
  return at;
}

/**
 * Where, in the input, each match that reaches the end of its pass's text begins (a match that
 * more text could still lengthen). A start inside an earlier pass's replacement counts
 * from the start of that replacement.
 */
export function openMatchStarts(trace: TracedRedaction): number[] {
  const starts: number[] = [];
  trace.passes.forEach(({ replacements, inputLength }, index) => {
    const last = replacements.at(-1);
    if (last?.end === inputLength) starts.push(preimageOf(trace, index, last.start));
  });
  return starts;
}

/** The input position of `position` in the text pass `passIndex` ran on. */
function preimageOf(trace: TracedRedaction, passIndex: number, position: number): number {
  let at = position;
  for (let index = passIndex - 1; index >= 0; index -= 1) {
    const { replacements, shifts } = trace.passes[index]!;
    // The last replacement whose output starts at or before `at`.
    let low = 0;
    let high = replacements.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const outputStart = replacements[mid]!.start + (shifts[mid - 1] ?? 0);
      if (outputStart <= at) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found < 0) continue;
    const replacement = replacements[found]!;
    const outputStart = replacement.start + (shifts[found - 1] ?? 0);
    at = at < outputStart + replacement.length ? replacement.start : at - shifts[found]!;
  }
  return at;
}

function lastStartingBefore(replacements: readonly Replacement[], position: number): number {
  let low = 0;
  let high = replacements.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (replacements[mid]!.start < position) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}
