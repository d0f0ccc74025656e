import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ExternalLink } from './ExternalLink.tsx';

const render = (href: string, fallback?: string | null) =>
  renderToStaticMarkup(
    createElement(ExternalLink, { href, children: 'PR', ...(fallback === undefined ? {} : { fallback }) }),
  );

describe('ExternalLink', () => {
  it('links to http(s) URLs in a new tab without a referrer', () => {
    expect(render('https://github.com/acme/app/pull/1')).toBe(
      '<a href="https://github.com/acme/app/pull/1" target="_blank" rel="noreferrer">PR</a>',
    );
  });

  it.each(['javascript:alert(document.cookie)', 'data:text/html,<script>x</script>', 'file:///etc/passwd'])(
    'never turns %s into an href',
    (href) => {
      expect(render(href)).toBe('PR');
      expect(render(href, null)).toBe('');
    },
  );
});
