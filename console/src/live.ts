import { useEffect, useSyncExternalStore } from 'react';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { Schemas } from './api/client';
import { forgetKey } from './auth';

type Change = Schemas['Change'];

/** Changes that arrive this close together are applied as one refresh. */
const BATCH_MS = 40;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** A stream silent for this long is taken for dead and opened again (the server speaks every 15 s). */
const SILENCE_MS = 45_000;

export type LiveState = 'connecting' | 'live' | 'reconnecting';
let state: LiveState = 'connecting';
const listeners = new Set<() => void>();
function setState(next: LiveState): void {
  if (next === state) return;
  state = next;
  listeners.forEach((notify) => notify());
}

/** Whether the page follows the service's changes now ("live"), or is (re)connecting. */
export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (notify) => {
      listeners.add(notify);
      return () => listeners.delete(notify);
    },
    () => state,
  );
}

/**
 * The queries a batch of changes makes stale: every view of each candidate named, and the lists
 * that show those kinds of records. Only queries on screen refetch; the others refetch when shown.
 */
export function staleKeys(changes: Change[]): QueryKey[] {
  const keys = new Map<string, QueryKey>();
  const add = (key: QueryKey): void => void keys.set(JSON.stringify(key), key);
  for (const change of changes) {
    if (change.candidate_id !== undefined) {
      add(['candidate', change.candidate_id]);
      add(['calls', change.candidate_id]);
      add(['notifications', change.candidate_id]);
    }
    switch (change.kind) {
      case 'candidate':
        add(['candidates']);
        break;
      case 'call':
        add(['candidates']);
        add(['analytics-summary']);
        add(['analytics-series']);
        break;
      case 'interview':
        add(['candidates']);
        add(['interviews']);
        add(['analytics-summary']);
        add(['analytics-series']);
        break;
      case 'notification':
        add(['notifications']);
        break;
      case 'event':
        add(['events']);
        break;
      case 'campaign':
        add(['campaigns']);
        break;
    }
  }
  return [...keys.values()];
}

/**
 * Follows `GET /api/changes/stream` with fetch (the key goes in the Authorization header, which
 * EventSource cannot send) and refreshes what the changes make stale. On every reconnection what
 * is on screen is refetched, since changes made meanwhile are not replayed. A 401 signs out.
 * @returns a function that stops following
 */
export function followChanges(key: string, queryClient: QueryClient): () => void {
  const abort = new AbortController();
  let pending: Change[] = [];
  let flush: ReturnType<typeof setTimeout> | null = null;
  const apply = (changes: Change[]): void => {
    pending.push(...changes);
    flush ??= setTimeout(() => {
      const batch = pending;
      pending = [];
      flush = null;
      for (const queryKey of staleKeys(batch)) void queryClient.invalidateQueries({ queryKey });
    }, BATCH_MS);
  };

  void (async () => {
    let retryMs = RETRY_MIN_MS;
    let connections = 0;
    while (!abort.signal.aborted) {
      setState(connections === 0 ? 'connecting' : 'reconnecting');
      const silence = new AbortController();
      const onAbort = (): void => silence.abort();
      abort.signal.addEventListener('abort', onAbort);
      let timer = setTimeout(() => silence.abort(), SILENCE_MS);
      // Each event or heartbeat shows the stream is alive.
      const alive = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => silence.abort(), SILENCE_MS);
      };
      try {
        const response = await fetch('/api/changes/stream', {
          headers: { Authorization: `Bearer ${key}`, Accept: 'text/event-stream' },
          signal: silence.signal,
          cache: 'no-store',
        });
        if (response.status === 401) {
          forgetKey();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        const events = response.body
          .pipeThrough(new TextDecoderStream())
          .pipeThrough(new EventSourceParserStream({ onComment: alive }));
        for await (const event of events as unknown as AsyncIterable<{ event?: string; data: string }>) {
          alive();
          if (event.event === 'ready') {
            if (connections > 0) void queryClient.invalidateQueries();
            connections += 1;
            retryMs = RETRY_MIN_MS;
            setState('live');
          } else if (event.event === 'changes') {
            apply(JSON.parse(event.data) as Change[]);
          }
        }
      } catch {
        // A lost connection, a restarting service or a silent stream: try again below.
      } finally {
        clearTimeout(timer);
        abort.signal.removeEventListener('abort', onAbort);
      }
      if (abort.signal.aborted) return;
      setState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
  })();

  return () => {
    abort.abort();
    if (flush) clearTimeout(flush);
  };
}

/** Follows the changes while signed in (one stream per tab). */
export function useLiveChanges(key: string | null, queryClient: QueryClient): void {
  useEffect(() => (key ? followChanges(key, queryClient) : undefined), [key, queryClient]);
}
