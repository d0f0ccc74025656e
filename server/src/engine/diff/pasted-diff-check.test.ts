import { describe, expect, it } from 'vitest';
import { looksLikeUnifiedDiff } from '@reviewtrace/contracts';
import { sampleDiffs } from '../../demo/sample-diffs/index.ts';
import { parseUnifiedDiff } from './unified-diff-parser.ts';

/** The check at creation (contracts) must not refuse what this parser would review, nor the reverse. */
describe('the pasted-diff check at creation agrees with the parser', () => {
  const texts = [
    ...sampleDiffs.map((sample) => sample.diff),
    '--- old.txt\n+++ new.txt\n@@ -1 +1 @@\n-a\n+b\n',
    'From 1234 Mon Sep 17 00:00:00 2001\nSubject: fix\n\n---\n x | 2 +-\n\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n',
    'diff --git a/logo.png b/logo.png\nBinary files a/logo.png and b/logo.png differ\n',
    'just some words\nand more words\n',
    '@@ -1 +1 @@\n-a\n+b\n',
    '--- a/x\nnot the plus line\n',
  ];
  it.each(texts.map((text) => [text.slice(0, 40).replace(/\n/g, '⏎'), text]))('%s', (_, text) => {
    expect(looksLikeUnifiedDiff(text)).toBe(parseUnifiedDiff(text).length > 0);
  });
});
