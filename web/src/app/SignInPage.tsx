import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import { signInWithToken } from './session.ts';
import { signInLinkProblem } from './sign-in-link.ts';

/**
 * Non-demo installs sign in by pasting a JWT issued by the host product (or `npm run admin -- token`).
 * Demo installs print one-click links at start-up.
 */
export function SignInPage({ reason }: { reason?: string }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Arrived through a sign-in link the server could not use: say why (it redirects here).
  const linkProblem = signInLinkProblem(useLocation().search);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signInWithToken(token.trim());
      await queryClient.invalidateQueries();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Sign-in failed');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>Reviewtrace</h1>
      <p>Live, detailed progress of your AI code reviews.</p>
      {linkProblem && !error && (
        <p role="alert" className="error-text">
          {linkProblem}
        </p>
      )}
      {reason && !error && !linkProblem && <p className="muted">You are not signed in ({reason}).</p>}
      <form onSubmit={submit}>
        <label htmlFor="token">Sign-in token (JWT)</label>
        <textarea
          id="token"
          rows={4}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
          spellCheck={false}
        />
        <p className="muted">
          Paste the token your administrator gave you (<code>npm run admin -- token you@example.com</code>). In demo
          mode, use a sign-in link printed by the server at start-up.
        </p>
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
