import { useEffect } from 'react';

/** Status in the tab title (ui.md): "✓ Review #42 · Reviewtrace" tells a background tab's state. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Reviewtrace` : 'Reviewtrace';
  }, [title]);
}
