/**
 * A string-aware bracket scan of JSON-ish text: where the value that starts at `start` ends,
 * whether the text stops inside it (cut off), and the last point where cutting keeps only
 * complete nested values.
 */
export interface JsonScan {
  /** Index just after the closing bracket of the value, if it closes. */
  end: number | undefined;
  /** The text ended inside the value: unbalanced brackets or an unterminated string. */
  truncated: boolean;
  /** Index just after the last nested object/array that closed while the outer value was still open. */
  lastCompleteNested: number | undefined;
}

export function scanJson(text: string, start: number): JsonScan {
  const stack: string[] = [];
  let inString = false;
  let lastCompleteNested: number | undefined;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '{' || char === '[') {
      stack.push(char);
    } else if (char === '}' || char === ']') {
      stack.pop();
      if (stack.length === 0) return { end: i + 1, truncated: false, lastCompleteNested };
      lastCompleteNested = i + 1;
    }
  }
  return { end: undefined, truncated: stack.length > 0 || inString, lastCompleteNested };
}

/** `{` then a key (quoted, single-quoted or bare as models sometimes write it) or `}`; or the end. */
const objectOpening = /^\{\s*(?:["'}]|[A-Za-z_$][\w$]*\s*:|$)/;
const arrayOpening = /^\[\s*(?:[{["'\d\]-]|true|false|null|$)/;

/**
 * The first `{` or `[` that opens JSON rather than prose ("{curly}" does not). The end of the
 * text counts, so a reply cut right after `{` is found.
 */
export function findJsonStart(text: string, from = 0): number | undefined {
  const opener = /[{[]/g;
  opener.lastIndex = from;
  for (let match = opener.exec(text); match; match = opener.exec(text)) {
    const ahead = text.slice(match.index, match.index + 64);
    if ((match[0] === '{' ? objectOpening : arrayOpening).test(ahead)) return match.index;
  }
  return undefined;
}
