import { describe, expect, it } from 'vitest';
import { applyPathFilters, nothingLeftWording } from './path-filters.ts';

const files = (...paths: string[]) => paths.map((path) => ({ path }));
const keptOf = (patterns: string[], paths: string[]) =>
  applyPathFilters(patterns, files(...paths)).kept.map((f) => f.path);

describe('applyPathFilters', () => {
  it('keeps every file without filters', () => {
    expect(keptOf([], ['a.ts', 'docs/b.md'])).toEqual(['a.ts', 'docs/b.md']);
  });

  it('excludes with `!`, matching a slash-less pattern in any folder', () => {
    const result = applyPathFilters(['!**/*.md'], files('README.md', 'docs/guide/intro.md', 'src/app.ts'));
    expect(result.kept.map((f) => f.path)).toEqual(['src/app.ts']);
    expect(result.excluded.map((e) => [e.file.path, e.reason])).toEqual([
      ['README.md', "excluded by the webhook's path filter !**/*.md"],
      ['docs/guide/intro.md', "excluded by the webhook's path filter !**/*.md"],
    ]);
    expect(keptOf(['!*.md'], ['docs/a.md', 'a.md', 'a.ts'])).toEqual(['a.ts']);
  });

  it('lets the last matching pattern decide, and leaves out what no plain pattern includes', () => {
    expect(keptOf(['src/**', '!src/generated/**'], ['src/a.ts', 'src/generated/b.ts', 'web/c.ts'])).toEqual([
      'src/a.ts',
    ]);
    expect(keptOf(['!docs/', 'docs/api.md'], ['docs/api.md', 'docs/other.md', 'x.ts'])).toEqual([
      'docs/api.md',
      'x.ts',
    ]);
  });

  it('matches dotfiles and folders named by a bare word', () => {
    expect(keptOf(['!.github/'], ['.github/workflows/ci.yml', 'a.ts'])).toEqual(['a.ts']);
    expect(keptOf(['!vendor'], ['lib/vendor/x.js', 'vendor.ts'])).toEqual(['vendor.ts']);
  });

  it('says which filter left nothing to review', () => {
    const onlyDocs = applyPathFilters(['!**/*.md'], files('README.md'));
    expect(onlyDocs.kept).toEqual([]);
    expect(nothingLeftWording(onlyDocs.wording)).toEqual({
      deliveryReason: 'skipped: only *.md changed',
      summary: "Nothing to review: only files excluded by the webhook's path filters changed (e.g. *.md)",
      outcomeReason: "only files excluded by the webhook's path filters changed (e.g. *.md)",
    });
    const elsewhere = applyPathFilters(['src/**'], files('web/a.ts'));
    expect(nothingLeftWording(elsewhere.wording)).toEqual({
      deliveryReason: 'skipped: no changed file matches src/**',
      summary: "Nothing to review: no changed file matches the webhook's path filters (src/**)",
      outcomeReason: "no changed file matches the webhook's path filters (src/**)",
    });
  });
});
