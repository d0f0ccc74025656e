import { once } from 'node:events';
import { type Random } from '../demo/random.ts';
import { RedactingStream } from '../lib/redacting-stream.ts';

/** Random texts with secrets of every kind the redactor knows planted in them (seeded: reproducible). */

/** A secret as planted, and the part of it that must never reach storage. */
export interface PlantedSecret {
  kind: string;
  text: string;
  body: string;
}

const upperDigits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const alnum = `${upperDigits}abcdefghijklmnopqrstuvwxyz`;
const tokenChars = `${alnum}_-`;
const bearerChars = `${alnum}._~+/=-`;
const passwordChars = `${alnum}!#$%^&*()_+-=~.`;
const base64 = `${alnum}+/`;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const draw = (random: Random, alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');

/** The org's own stored secrets (exact strings) the property test passes as `extraSecrets`. */
export function orgSecrets(random: Random): string[] {
  return [`tenant-${draw(random, passwordChars, int(random, 8, 40))}`, draw(random, alnum, int(random, 6, 64))];
}

type SecretMaker = (random: Random, org: readonly string[]) => PlantedSecret;

const token =
  (kind: string, prefix: string, alphabet: string, min: number, max: number): SecretMaker =>
  (random) => {
    const body = draw(random, alphabet, int(random, min, max));
    return { kind, text: prefix + body, body };
  };

export const secretMakers: readonly SecretMaker[] = [
  token('openai-project', 'sk-proj-', tokenChars, 16, 120),
  token('openai', 'sk-', tokenChars, 16, 60),
  token('github', 'ghp_', alnum, 20, 60),
  token('github-pat', 'github_pat_', `${alnum}_`, 20, 90),
  token('gitlab', 'glpat-', tokenChars, 16, 40),
  token('google', 'AIza', tokenChars, 30, 45),
  token('aws', 'AKIA', upperDigits, 16, 16),
  (random) => {
    const body = draw(random, bearerChars, int(random, 8, 300));
    return { kind: 'authorization', text: `Authorization: Bearer ${body}`, body };
  },
  (random) => {
    const body = draw(random, tokenChars, int(random, 8, 120));
    return { kind: 'api-key-json', text: `"x-api-key":"${body}"`, body };
  },
  (random) => {
    const body = draw(random, bearerChars, int(random, 8, 200));
    return { kind: 'bearer', text: `bearer ${body}`, body };
  },
  (random) => {
    const body = draw(random, passwordChars, int(random, 12, 60));
    return { kind: 'url-password', text: `postgres://app:${body}@db.internal:5432/app`, body };
  },
  (random) => {
    const lines = Array.from({ length: int(random, 1, 70) }, () => draw(random, base64, 64));
    const text = `-----BEGIN RSA PRIVATE KEY-----\n${lines.join('\n')}\n-----END RSA PRIVATE KEY-----`;
    return { kind: 'private-key', text, body: lines[0]! };
  },
  (random, org) => {
    const secret = pick(random, org);
    return { kind: 'org-secret', text: secret, body: secret };
  },
];

const words = ['review', 'batch', 'diff', 'naïve', 'café', '日本語', '🔑', '👍🏽', 'Ω', '𝄞', 'ok', 'null'];

/** Background text of about `length` characters in one of the shapes artifacts come in. */
export function background(random: Random, length: number): string {
  const shape = int(random, 0, 3);
  let text = '';
  while (text.length < length) {
    if (shape === 0) text += minifiedJsonMember(random);
    else if (shape === 1) text += String.fromCharCode(int(random, 0, 127));
    else if (shape === 2) text += pick(random, words) + pick(random, ['', ' ', '\n', '.', '-', '"']);
    else text += draw(random, alnum, 1);
  }
  return text;
}

function minifiedJsonMember(random: Random): string {
  const value = pick(random, [
    () => `"${draw(random, alnum, int(random, 0, 40))}"`,
    () => String(int(random, 0, 1e6)),
    () => `[${int(random, 0, 9)},"${pick(random, words)}",{"n":true}]`,
    () => 'null',
  ])();
  return `"${draw(random, alnum, int(random, 1, 8))}":${value},`;
}

/** Characters no pattern continues over, so a planted secret ends where it was meant to. */
const separators = ['"', ' ', '\n', ',', ';', '\t', '}'];

/** `count` secrets planted between random backgrounds (so at random offsets), each between separators. */
export function plantedText(random: Random, org: readonly string[], count: number) {
  let text = background(random, int(random, 0, 2_000));
  const planted: PlantedSecret[] = [];
  for (let i = 0; i < count; i += 1) {
    const secret = pick(random, secretMakers)(random, org);
    text += `${pick(random, separators)}${secret.text}${pick(random, separators)}`;
    text += background(random, int(random, 0, 1_200));
    planted.push(secret);
  }
  return { text, planted };
}

/** Chunk sizes in bytes: tiny ones (splitting UTF-8 sequences), medium, large, or a mix. */
export function chunkSizes(random: Random): () => number {
  const largest = pick(random, [7, 300, 4_096, 0]);
  return largest === 0 ? () => int(random, 1, pick(random, [3, 64, 2_048])) : () => int(random, 1, largest);
}

/** Streams `bytes` through a `RedactingStream` in chunks of the given sizes; returns what it stored. */
export async function throughRedactingStream(
  bytes: Buffer,
  nextSize: () => number,
  secrets: readonly string[] = [],
): Promise<string> {
  const stream = new RedactingStream(secrets);
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = once(stream, 'end');
  for (let at = 0; at < bytes.length;) {
    const size = Math.max(1, nextSize());
    stream.write(bytes.subarray(at, at + size));
    at += size;
  }
  stream.end();
  await ended;
  return Buffer.concat(out).toString('utf8');
}
