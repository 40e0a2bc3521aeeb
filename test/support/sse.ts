import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** A server-sent event stream read with fetch (as the console reads it), for assertions. */
export interface EventStream {
  status: number;
  contentType: string | null;
  /** Every event received so far, in order. */
  events: EventSourceMessage[];
  /** Every comment line received so far (heartbeats). */
  comments: string[];
  /** Resolves with the first event (already received or to come) that `match` accepts; rejects after `timeoutMs`. */
  next(match: (event: EventSourceMessage) => boolean, timeoutMs?: number): Promise<EventSourceMessage>;
  /** Waits until `done` holds over what was received, or rejects after `timeoutMs`. */
  until(done: () => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens `url` with `headers` and reads it in the background. */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const wake = (): void => waiters.forEach((waiter) => waiter());
  const parser = createParser({
    onEvent: (event) => {
      events.push(event);
      wake();
    },
    onComment: (comment) => {
      comments.push(comment);
      wake();
    },
  });
  let finished = false;
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(chunk, { stream: true }));
      }
    } catch {
      // Aborted by close().
    }
    finished = true;
    wake();
  })();

  const until = (done: () => boolean, timeoutMs = 5_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (done()) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        } else if (finished) {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error('the stream ended first'));
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`not received within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    comments,
    ended,
    until,
    async next(match, timeoutMs) {
      await until(() => events.some(match), timeoutMs);
      return events.find(match)!;
    },
    close: () => abort.abort(),
  };
}
