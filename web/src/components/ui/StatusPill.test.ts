import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { apiStatuses } from '@reviewtrace/contracts';
import { StatusPill, WarningPill } from './StatusPill.tsx';

/** Symbol characters as icons are empty boxes with Debian's fonts; the pill's icon is drawn as SVG. */
const textOf = (html: string) => html.replace(/<[^>]*>/g, '');

describe('status pills', () => {
  for (const status of apiStatuses) {
    it(`${status}: an SVG icon hidden from screen readers, then the word, and no symbol characters`, () => {
      const html = renderToStaticMarkup(createElement(StatusPill, { status }));
      expect(html).toMatch(/^<span class="pill status-\w+" data-status="\w+"><svg [^>]*aria-hidden="true"/);
      expect(textOf(html)).toMatch(/^[A-Z][a-z]+$/);
    });
  }

  it('the warning pill draws its triangle too', () => {
    const html = renderToStaticMarkup(createElement(WarningPill, { children: 'non-streaming' }));
    expect(html).toContain('<svg');
    expect(textOf(html)).toBe('non-streaming');
  });
});
