import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CalendarFeedTokenNotFound, InvalidFeedToken } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import type { CalendarFeedToken } from '../database/entities/calendar-feed-token.entity.js';
import { CalendarFeedTokensRepository } from '../database/repositories/calendar-feed-tokens.repository.js';
import type { CalendarFeedTokenView, CreatedCalendarFeedTokenView } from './dto/calendar-feed-token.dto.js';
import type { CalendarFeedDto } from './dto/pages.dto.js';

const FEED_PATH = '/api/calendar.ics';
const TOKENS_PATH = '/api/calendar-feed/tokens';

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

const toView = (row: CalendarFeedToken): CalendarFeedTokenView => ({
  id: row.id,
  label: row.label,
  created_at: row.created_at,
  revoked_at: row.revoked_at,
});

/**
 * Who may read the calendar feed: personal tokens, each revocable at once without a restart (the
 * table `calendar_feed_tokens` holds their SHA-256, never the token), and, deprecated, the shared
 * CALENDAR_FEED_TOKEN when it is set (existing subscriptions keep working; it is never shown).
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly tokens: CalendarFeedTokensRepository,
    private readonly config: AppConfig,
  ) {}

  /** A new token (256 random bits, base64url): the answer is the only place it is shown. */
  async create(label: string): Promise<CreatedCalendarFeedTokenView> {
    const token = randomBytes(32).toString('base64url');
    const row = await this.tokens.insert(sha256(token).toString('hex'), label);
    return { ...toView(row), token, path: `${FEED_PATH}?token=${token}` };
  }

  /** Every token, newest first, revoked ones included; never the tokens themselves. */
  async list(): Promise<{ items: CalendarFeedTokenView[] }> {
    return { items: (await this.tokens.list()).map(toView) };
  }

  /** Revokes a token at once (idempotent). @throws CalendarFeedTokenNotFound → 404 */
  async revoke(id: number): Promise<void> {
    if (!(await this.tokens.revoke(id))) throw CalendarFeedTokenNotFound(id);
  }

  /** Where the feed and its tokens are, for the console. */
  async describe(): Promise<CalendarFeedDto> {
    return {
      feed_path: FEED_PATH,
      tokens_path: TOKENS_PATH,
      active_tokens: await this.tokens.countActive(),
    };
  }

  /** @throws InvalidFeedToken → 401 unless `token` is a token not revoked, or the deprecated CALENDAR_FEED_TOKEN */
  async authorize(token: unknown): Promise<void> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 512) throw InvalidFeedToken();
    const given = sha256(token);
    const legacy = this.config.CALENDAR_FEED_TOKEN;
    if (legacy && timingSafeEqual(given, sha256(legacy))) return;
    if (!(await this.tokens.isActive(given.toString('hex')))) throw InvalidFeedToken();
  }
}
