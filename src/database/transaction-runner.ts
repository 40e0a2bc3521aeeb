import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ChangeFeed } from '../common/change-feed.js';
import { AppConfig } from '../config/app-config.js';

/**
 * Runs units of work in a transaction. On PGlite every pooled "connection" is one session, so two
 * concurrent transactions would interleave on it: there they run one after another.
 * Every write of the service goes through here. Changes staged with `ChangeFeed.afterCommit` on
 * the transaction's manager are published once it has committed, and dropped if it rolls back.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: ChangeFeed,
    config: AppConfig,
  ) {
    this.serialise = config.usesPglite;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialise) return this.transaction(work);
    return this.exclusive(() => this.transaction(work));
  }

  /**
   * Runs `work` outside any transaction (statements such as VACUUM refuse to run in one); on PGlite
   * it waits its turn like a transaction, so that none is open on the session meanwhile.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serialise) return work();
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let opened: EntityManager | null = null;
    try {
      const result = await this.dataSource.transaction((manager) => {
        opened = manager;
        this.feed.begin(manager);
        return work(manager);
      });
      if (opened) this.feed.settle(opened, true);
      return result;
    } catch (error) {
      if (opened) this.feed.settle(opened, false);
      throw error;
    }
  }
}
