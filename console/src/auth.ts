import { useSyncExternalStore } from 'react';

/**
 * The recruiter's API key lives in localStorage: one sign-in serves every tab of this browser, and
 * "Sign out" (or a 401 in any tab) signs every tab out, through the `storage` event the browser
 * sends the other tabs. It stays until then, also across restarts of the browser: sign out on a
 * shared computer.
 */
const STORAGE_KEY = 'retell-ats.api-key';
const listeners = new Set<() => void>();
const notifyAll = (): void => listeners.forEach((notify) => notify());

// Another tab signed in or out.
window.addEventListener('storage', (event) => {
  if (event.key === STORAGE_KEY || event.key === null) notifyAll();
});

export function readKey(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

export function saveKey(key: string): void {
  localStorage.setItem(STORAGE_KEY, key);
  notifyAll();
}

/** Signs out every tab: forgets the key (also on any 401). */
export function forgetKey(): void {
  if (readKey() === null) return;
  localStorage.removeItem(STORAGE_KEY);
  notifyAll();
}

/** The current key, re-rendering on sign-in and sign-out, in this tab or another. */
export function useApiKey(): string | null {
  return useSyncExternalStore((notify) => {
    listeners.add(notify);
    return () => listeners.delete(notify);
  }, readKey);
}
