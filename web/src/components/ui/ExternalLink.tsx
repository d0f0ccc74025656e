import type { ReactNode } from 'react';
import { isHttpUrl } from '@reviewtrace/contracts';

/**
 * A link out of the app (a pull/merge request, its comments), opened in a new tab. The URL comes
 * from data other people wrote, so only http(s) becomes an href: anything else (`javascript:`,
 * `data:`…) shows `fallback` instead, by default the link's own text.
 */
export function ExternalLink({
  href,
  children,
  fallback = children,
  className,
  title,
}: {
  href: string;
  children: ReactNode;
  fallback?: ReactNode;
  className?: string;
  title?: string;
}) {
  if (!isHttpUrl(href)) return <>{fallback}</>;
  return (
    <a className={className} href={href} target="_blank" rel="noreferrer" title={title}>
      {children}
    </a>
  );
}
