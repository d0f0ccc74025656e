/**
 * Paths as git prints them in diff headers: `a/`/`b/` prefixes, /dev/null for a missing side,
 * C-style quoting for unusual bytes ("a/caf\303\251.txt"), a tab and timestamp after `diff -u` paths.
 */

/** A path from a `---`/`+++`/`rename from`/`Binary files` position; undefined for /dev/null. */
export function cleanPath(raw: string, prefix: 'a/' | 'b/' | ''): string | undefined {
  let path = raw.trim();
  if (path.startsWith('"')) {
    path = unquote(path);
  } else {
    // `diff -u` writes "--- file.ts\t2026-01-01 10:00:00.000 +0100"; git never puts a tab there unquoted.
    const tab = path.indexOf('\t');
    if (tab !== -1) path = path.slice(0, tab);
  }
  if (path === '/dev/null') return undefined;
  return prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * The two paths of `diff --git a/x b/y`. Unquoted paths may contain spaces, so when both sides
 * are the same path we split in the middle; otherwise at the first " b/". The ---/+++ and
 * rename lines that usually follow are more reliable and override these.
 */
export function gitHeaderPaths(line: string): { oldPath?: string; newPath?: string } {
  const rest = line.slice('diff --git '.length);
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    return { oldPath: cleanPath(rest.slice(0, end + 1), 'a/'), newPath: cleanPath(rest.slice(end + 2), 'b/') };
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') {
    const left = rest.slice(0, half);
    const right = rest.slice(half + 1);
    if (left.slice(2) === right.slice(2)) return { oldPath: cleanPath(left, 'a/'), newPath: cleanPath(right, 'b/') };
  }
  const split = rest.indexOf(' b/');
  if (split === -1) return {};
  return { oldPath: cleanPath(rest.slice(0, split), 'a/'), newPath: cleanPath(rest.slice(split + 1), 'b/') };
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** git's C-style quoting: octal escapes are UTF-8 bytes. */
function unquote(quoted: string): string {
  const inner = quoted.slice(1, quoted.endsWith('"') ? -1 : undefined);
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const char = String.fromCodePoint(inner.codePointAt(i)!);
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length - 1;
      continue;
    }
    const next = inner[i + 1] ?? '\\';
    const octal = /^[0-7]{3}/.exec(inner.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
