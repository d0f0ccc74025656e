import { useEffect } from 'react';
import { useLocation } from 'react-router';

/**
 * Failure tips link to `/settings#connectors` or `#tokens`. The router does not scroll to hashes, and
 * the sections grow once their lists load, so once `ready` the named section is scrolled into view and
 * its heading focused: a keyboard or screen-reader user lands where the tip pointed. Keyed on the
 * navigation (not the hash) so following the same tip twice still lands; `hashchange` covers a hash
 * typed into the address bar, which the router does not report.
 */
export function useFocusSectionFromHash(sectionIds: readonly string[], ready: boolean) {
  const { key } = useLocation();
  useEffect(() => {
    if (!ready) return;
    const focusNamedSection = () => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      const section = sectionIds.includes(id) ? document.getElementById(id) : null;
      if (!section) return;
      section.scrollIntoView({ block: 'start' });
      section.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
    };
    focusNamedSection();
    window.addEventListener('hashchange', focusNamedSection);
    return () => window.removeEventListener('hashchange', focusNamedSection);
  }, [key, ready, sectionIds]);
}
