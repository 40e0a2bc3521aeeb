import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';

/** What changed: the kinds of records the console shows. */
export const CHANGE_KINDS = ['candidate', 'call', 'interview', 'notification', 'campaign', 'event'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * One committed change, by ids only: never a name, a number, an address or a transcript, since it
 * goes to every signed-in console and (on Postgres) through `pg_notify` to every replica.
 * - `id`: the record's id (a `call` is named by its Retell `call_id` once it has one, else by its
 *   attempt row's id; an `event` by the webhook event row's id);
 * - `candidate_id`: the candidate the record concerns, when there is one (a candidate's own id for
 *   a `candidate` change), so that a console refreshes every view of that candidate.
 */
export interface Change {
  kind: ChangeKind;
  id: number | string;
  candidate_id?: number;
}

/** Sends a batch to the other replicas (the Postgres relay of database/ sets it). */
export type ChangeRelay = (changes: Change[]) => void;

/**
 * The change feed: every writer publishes what it changed, after it committed, and the console's
 * server-sent event stream (`GET /api/changes/stream`) forwards it, so that every view of a record
 * agrees within a second without polling.
 *
 * Two ways to publish:
 * - {@link publish} now, after a write that has committed (or a write outside any transaction);
 * - {@link afterCommit} from inside a `TransactionRunner` transaction: the changes go out when it
 *   commits, and are dropped when it rolls back.
 *
 * Across replicas, the Postgres relay (database/change-relay.ts) sends each batch with `pg_notify`
 * and hands those of other replicas to {@link receive}; on PGlite there is one process, and the
 * feed is in-process only.
 */
@Injectable()
export class ChangeFeed implements OnModuleDestroy {
  private readonly subject = new Subject<Change[]>();
  /** Changes staged per open transaction, by its EntityManager. */
  private readonly staged = new WeakMap<object, Change[]>();
  private relay: ChangeRelay | null = null;

  /** Every batch published on this instance or received from another replica, in publishing order. */
  get changes(): Observable<Change[]> {
    return this.subject.asObservable();
  }

  /** Publishes committed changes to this instance's streams and to the other replicas. */
  publish(...changes: Change[]): void {
    if (changes.length === 0) return;
    this.subject.next(changes);
    this.relay?.(changes);
  }

  /**
   * Publishes `changes` when the transaction of `manager` commits (nothing if it rolls back); a
   * manager outside any TransactionRunner transaction has committed already, so they go now.
   */
  afterCommit(manager: object, ...changes: Change[]): void {
    const staged = this.staged.get(manager);
    if (staged) staged.push(...changes);
    else this.publish(...changes);
  }

  /** The TransactionRunner opens a transaction's staging area ... */
  begin(manager: object): void {
    this.staged.set(manager, []);
  }

  /** ... and settles it: publishes what was staged once committed (duplicates folded), or drops it. */
  settle(manager: object, committed: boolean): void {
    const staged = this.staged.get(manager);
    this.staged.delete(manager);
    if (committed && staged) this.publish(...distinct(staged));
  }

  /** Changes another replica published: to this instance's streams only. */
  receive(changes: Change[]): void {
    if (changes.length > 0) this.subject.next(changes);
  }

  /** Sends every published batch on to the other replicas as well. */
  relayTo(relay: ChangeRelay | null): void {
    this.relay = relay;
  }

  /** Ends every stream, so that open server-sent event responses end and the server can close. */
  onModuleDestroy(): void {
    this.subject.complete();
  }
}

/** The changes without repeats, in first-seen order. */
function distinct(changes: Change[]): Change[] {
  const seen = new Map<string, Change>();
  for (const change of changes) {
    const key = `${change.kind}:${change.id}`;
    if (!seen.has(key)) seen.set(key, change);
  }
  return [...seen.values()];
}
