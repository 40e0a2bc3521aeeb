import { useSyncExternalStore } from 'react';

/** The recruiter's API key lives in sessionStorage: for this tab's life only. */
const STORAGE_KEY = 'retell-ats.api-key';
const listeners = new Set<() => void>();

export function readKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function saveKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
  listeners.forEach((notify) => notify());
}

/** Signs out: forgets the key (also on any 401). */
export function forgetKey(): void {
  if (readKey() === null) return;
  sessionStorage.removeItem(STORAGE_KEY);
  listeners.forEach((notify) => notify());
}

/** The current key, re-rendering on sign-in and sign-out. */
export function useApiKey(): string | null {
  return useSyncExternalStore((notify) => {
    listeners.add(notify);
    return () => listeners.delete(notify);
  }, readKey);
}
