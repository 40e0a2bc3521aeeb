import { Injectable, Logger } from '@nestjs/common';
import { ChangeFeed } from '../common/change-feed.js';
import { Clock } from '../common/clock.js';
import { CandidateNotFound } from '../common/errors.js';
import { CandidatesRepository } from '../database/repositories/candidates.repository.js';
import { ErasedCallsRepository } from '../database/repositories/erased-calls.repository.js';
import { ErasedCandidatesRepository } from '../database/repositories/erased-candidates.repository.js';
import { RetellCallsRepository } from '../database/repositories/retell-calls.repository.js';
import { RetellWebhookEventsRepository } from '../database/repositories/retell-webhook-events.repository.js';
import { PERSONAL_TABLES, StorageScrubber } from '../database/storage-scrubber.js';
import { TransactionRunner } from '../database/transaction-runner.js';

/**
 * The right to erasure (`DELETE /api/candidates/{id}`). In one transaction, holding the
 * candidate's row lock (so an event being applied to it finishes first, and one that comes after
 * finds no candidate):
 * 1. finds the candidate's calls: its call records, and the calls of events applied to it or
 *    unattributed and naming it in `metadata.candidate_id` (orphaned, failed, ignored);
 * 2. deletes the candidate, and its call records with it (the foreign key cascades);
 * 3. writes tombstones: the candidate's id, and every call id found that no other candidate owns;
 * 4. clears the payload and error of every event of the candidate or of those calls (duplicates
 *    included), and unlinks them. The rows stay, with their outcome and body hash, so a repeated
 *    delivery is still answered `duplicate`.
 * Later events of an erased call are stored as `orphaned` without payload (see IngestionService).
 * Then, on PGlite, the deleted and cleared rows are scrubbed from the data directory's files
 * (StorageScrubber) before the answer: the 204 means no readable copy is left on disk.
 */
@Injectable()
export class CandidateErasureService {
  private readonly logger = new Logger(CandidateErasureService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly candidates: CandidatesRepository,
    private readonly calls: RetellCallsRepository,
    private readonly events: RetellWebhookEventsRepository,
    private readonly erasedCalls: ErasedCallsRepository,
    private readonly erasedCandidates: ErasedCandidatesRepository,
    private readonly clock: Clock,
    private readonly scrubber: StorageScrubber,
    private readonly feed: ChangeFeed,
  ) {}

  /** @throws CandidateNotFound → 404 (nothing changed) */
  async erase(id: number): Promise<void> {
    const report = await this.transactions.run(async (manager) => {
      if (!(await this.candidates.lockForErase(manager, id))) throw CandidateNotFound(id);
      const own = await this.calls.callIdsOf(manager, id);
      const named = await this.events.callIdsNaming(manager, id);
      await this.candidates.delete(manager, id);
      // What is left on record after the cascade belongs to another candidate: not erased.
      const kept = new Set(await this.calls.recordedCallIds(manager, named));
      const erased = [...new Set([...own, ...named])].filter((callId) => !kept.has(callId));
      const now = this.clock.now();
      await this.erasedCandidates.add(manager, id, now);
      await this.erasedCalls.add(manager, erased, now);
      const events = await this.events.eraseCandidate(manager, id, erased);
      this.feed.afterCommit(manager, { kind: 'candidate', id, candidate_id: id });
      return { erased_calls: erased.length, scrubbed_events: events };
    });
    // Counts only: nothing that identifies the person.
    this.logger.log({ candidate_id: id, ...report }, 'candidate erased');
    await this.scrubber.scrub(PERSONAL_TABLES);
  }
}
