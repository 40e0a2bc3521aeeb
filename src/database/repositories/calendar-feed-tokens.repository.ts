import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { CalendarFeedToken } from '../entities/calendar-feed-token.entity.js';

/** All SQL of `calendar_feed_tokens`: personal tokens of the calendar feed, by the hash of the token. */
@Injectable()
export class CalendarFeedTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(CalendarFeedToken);
  }

  /** Stores a new token's hash. @returns the row */
  async insert(tokenHash: string, label: string): Promise<CalendarFeedToken> {
    const { identifiers } = await this.repository.insert({ token_hash: tokenHash, label });
    return this.repository.findOneByOrFail({ id: identifiers[0].id as number });
  }

  /** Every token, newest first (revoked ones included). */
  list(): Promise<CalendarFeedToken[]> {
    return this.repository.find({ order: { id: 'DESC' } });
  }

  /** Revokes the token (keeping the time of a first revocation). @returns the row, or null when there is none */
  async revoke(id: number): Promise<CalendarFeedToken | null> {
    await this.repository.update({ id, revoked_at: IsNull() }, { revoked_at: () => 'now()' });
    return this.repository.findOneBy({ id });
  }

  /** Whether a token with this hash exists and is not revoked. */
  isActive(tokenHash: string): Promise<boolean> {
    return this.repository.existsBy({ token_hash: tokenHash, revoked_at: IsNull() });
  }

  /** How many tokens are not revoked. */
  countActive(): Promise<number> {
    return this.repository.countBy({ revoked_at: IsNull() });
  }
}
