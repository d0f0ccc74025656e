import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The one polite `role="status"` region (ui.md): milestone announcements are throttled so a screen
 * reader hears "Batch 3 of 8 finished", not every log line. The latest message wins within a window.
 */
const AnnounceContext = createContext<(message: string) => void>(() => {});
const THROTTLE_MS = 3000;

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const pending = useRef<string | null>(null);
  const lastAt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const announce = useCallback((next: string) => {
    const wait = lastAt.current + THROTTLE_MS - Date.now();
    if (wait <= 0) {
      lastAt.current = Date.now();
      setMessage(next);
      return;
    }
    pending.current = next;
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      lastAt.current = Date.now();
      if (pending.current) setMessage(pending.current);
      pending.current = null;
    }, wait);
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div role="status" aria-live="polite" className="visually-hidden">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

export const useAnnounce = () => useContext(AnnounceContext);
