import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  files: string[];
  rawKb: number;
  gzipKb: number;
}

/**
 * The JS a first visit must download before anything renders: the entry script and the chunks
 * index.html modulepreloads. Route chunks (the review page) load after, and are reported apart.
 */
export async function initialScripts(dist: string): Promise<string[]> {
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  const attribute = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
  return tags.flatMap((tag) => {
    const url = tag.startsWith('<script')
      ? attribute(tag, 'type') === 'module' && attribute(tag, 'src')
      : attribute(tag, 'rel') === 'modulepreload' && attribute(tag, 'href');
    return url ? [url] : [];
  });
}

/** Sizes of files given by their URL path (/assets/…), gzipped with zlib's default level as a server would. */
export async function bundleSize(dist: string, urls: string[]): Promise<BundleSize> {
  const files = [...new Set(urls)];
  let raw = 0;
  let gzip = 0;
  for (const url of files) {
    const bytes = await readFile(path.join(dist, url));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { files, rawKb: raw / 1024, gzipKb: gzip / 1024 };
}
