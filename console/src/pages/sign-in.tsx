import { useState, type FormEvent } from 'react';
import { ApiError, api, unwrap } from '../api/client';
import { saveKey } from '../auth';
import { errorInWords } from '../components/states';

/** Asks for the API key once; it is checked against the API, then kept for every tab of this browser. */
export function SignInPage() {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const candidate = key.trim();
    try {
      // Checked before it is kept: signing in swaps this page for the console.
      await unwrap(
        api.GET('/api/candidates', {
          params: { query: { limit: 1 } },
          headers: { Authorization: `Bearer ${candidate}` },
        }),
      );
      saveKey(candidate);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'This API key was not accepted. Check it and try again.'
          : errorInWords(failure),
      );
      setBusy(false);
    }
  }

  return (
    <main id="main" className="sign-in">
      <h1>Recruiter console</h1>
      <form onSubmit={(e) => void submit(e)} aria-describedby="sign-in-help">
        <p id="sign-in-help">
          Enter your API key. It is kept in this browser, for every tab, until you sign out (which signs out every tab:
          do so on a shared computer). (In development, a server started without <code>API_KEYS</code> accepts{' '}
          <code>dev-recruiter-key</code>.)
        </p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="current-password"
          required
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
        {error ? (
          <p className="field-error" id="sign-in-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
