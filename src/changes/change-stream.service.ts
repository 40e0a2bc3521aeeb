import { Injectable, type MessageEvent } from '@nestjs/common';
import { endWith, ignoreElements, interval, map, merge, of, takeUntil, type Observable } from 'rxjs';
import { ChangeFeed } from '../common/change-feed.js';

/** Milliseconds between two heartbeats: proxies and browsers keep a stream that speaks now and then. */
export const HEARTBEAT_MS = 15_000;

/**
 * One console's server-sent event stream (`GET /api/changes/stream`):
 * - `ready` once, when the stream opens (a console refetches what it shows: it may have missed
 *   changes while it was not connected);
 * - `changes` for each committed batch, `data` a JSON array of {@link ChangeDto}: ids only;
 * - a comment line (`: heartbeat`) every {@link HEARTBEAT_MS}.
 * It ends when the service shuts down (the console then reconnects, to another replica if need be).
 */
@Injectable()
export class ChangeStream {
  /** Milliseconds between heartbeats; tests shorten it. */
  heartbeatMs = HEARTBEAT_MS;

  constructor(private readonly feed: ChangeFeed) {}

  open(): Observable<MessageEvent> {
    const changes = this.feed.changes;
    const closed = changes.pipe(ignoreElements(), endWith(true));
    return merge(
      of<MessageEvent>({ type: 'ready', data: { heartbeat_ms: this.heartbeatMs } }),
      changes.pipe(map((batch): MessageEvent => ({ type: 'changes', data: batch }))),
      interval(this.heartbeatMs).pipe(map((): MessageEvent => ({ comment: 'heartbeat' }))),
    ).pipe(takeUntil(closed));
  }
}
