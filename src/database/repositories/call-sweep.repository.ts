import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RetellCall } from '../entities/retell-call.entity.js';

/** Which call records the reconciliation sweep fetches; instants are epoch milliseconds. */
export interface ReconcileFilter {
  staleBefore: Date;
  endedBefore: number;
  endedAfter: number;
  limit: number;
}

/** The SQL of `retell_calls` that the reconciliation sweep needs: calls whose webhooks may be lost, and their marks. */
@Injectable()
export class CallSweepRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Calls whose webhooks may have been lost, oldest change first: still dialing, registered or
   * ongoing and unchanged since `staleBefore`; or ended without analysis between `endedAfter` and
   * `endedBefore`.
   */
  dueForReconcile(filter: ReconcileFilter): Promise<RetellCall[]> {
    return this.dataSource
      .getRepository(RetellCall)
      .createQueryBuilder('c')
      .where(`c.call_status IN ('dialing', 'registered', 'ongoing') AND c.updated_at < :stale`, {
        stale: filter.staleBefore,
      })
      .orWhere(
        `c.call_status = 'ended' AND c.call_analysis IS NULL AND c.end_timestamp < :graceEnd AND c.end_timestamp > :giveUp AND c.updated_at < :stale`,
        { graceEnd: filter.endedBefore, giveUp: filter.endedAfter, stale: filter.staleBefore },
      )
      .orderBy('c.updated_at', 'ASC')
      .limit(filter.limit)
      .getMany();
  }

  /** Marks a record checked at `at`, so the sweep waits before fetching it again. */
  async touch(manager: EntityManager, id: number, at: Date): Promise<void> {
    await manager.getRepository(RetellCall).update({ id }, { updated_at: at });
  }

  /** Retell has no record of the call: `status` (`error`, or `failed` for a dial), unless it changed meanwhile. */
  async markUnknownToRetell(
    manager: EntityManager,
    id: number,
    expectedStatus: string,
    status: 'error' | 'failed',
  ): Promise<void> {
    await manager
      .getRepository(RetellCall)
      .update(
        { id, call_status: expectedStatus },
        { call_status: status, dial_error: 'Retell has no record of this call' },
      );
  }
}
