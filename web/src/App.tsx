import { useEffect, useState } from 'react';
import type { ReviewListResponse } from '@reviewtrace/contracts';

interface Me {
  email: string;
  orgId: number;
  role: string;
}

type Load<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; status: number; message: string };

async function getJson<T>(path: string): Promise<Load<T>> {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { state: 'error', status: response.status, message: body?.error?.message ?? response.statusText };
  }
  return { state: 'ok', data: (await response.json()) as T };
}

/**
 * A first screen on the API: who is signed in and their org's latest reviews. The full reviews list
 * and live progress pages replace it (web app issue).
 */
export function App() {
  const [me, setMe] = useState<Load<Me>>({ state: 'loading' });
  const [reviews, setReviews] = useState<Load<ReviewListResponse>>({ state: 'loading' });

  useEffect(() => {
    void getJson<Me>('/api/v1/me').then(setMe);
    void getJson<ReviewListResponse>('/api/v1/reviews?per_page=25').then(setReviews);
  }, []);

  if (me.state === 'error' && me.status === 401) return <SignIn />;
  return (
    <main>
      <header>
        <h1>Reviewtrace</h1>
        {me.state === 'ok' && (
          <p className="who">
            {me.data.email} · org {me.data.orgId} · {me.data.role}
          </p>
        )}
      </header>
      {reviews.state === 'loading' && <p>Loading reviews…</p>}
      {reviews.state === 'error' && <p role="alert">Could not load reviews: {reviews.message}</p>}
      {reviews.state === 'ok' && (
        <>
          <p>{reviews.data.total} reviews</p>
          <table>
            <thead>
              <tr>
                <th>Created</th>
                <th>Status</th>
                <th>Title</th>
                <th>Repository</th>
                <th>Model</th>
                <th>Duration</th>
              </tr>
            </thead>
            <tbody>
              {reviews.data.items.map((review) => (
                <tr key={review.id}>
                  <td>{new Date(review.createdAt).toLocaleString()}</td>
                  <td>
                    <span className={`pill pill-${review.status}`}>{review.status}</span>
                  </td>
                  <td>{review.prMrUrl ? <a href={review.prMrUrl}>{review.title}</a> : review.title}</td>
                  <td>{review.repository}</td>
                  <td>{review.connector?.model}</td>
                  <td>{review.durationMs === null ? '—' : `${Math.round(review.durationMs / 1000)} s`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}

function SignIn() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const response = await fetch('/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: token.trim() }),
    });
    if (response.ok) window.location.reload();
    else setError(((await response.json()) as { error: { message: string } }).error.message);
  };
  return (
    <main>
      <h1>Reviewtrace</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="token">Paste a sign-in token (JWT) from your administrator</label>
        <textarea id="token" value={token} onChange={(e) => setToken(e.target.value)} rows={4} />
        <button type="submit">Sign in</button>
        {error && <p role="alert">{error}</p>}
      </form>
    </main>
  );
}
