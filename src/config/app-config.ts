import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseEnv } from 'node:util';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  getMetadataStorage,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { parseCallingWindow } from './calling-window.js';

/** An ISO 8601 duration of days, hours, minutes and seconds (`P1D`, `PT4H`, `PT90M`). */
const ISO_DURATION = 'P(?:\\d+D)?(?:T(?=\\d)(?:\\d+H)?(?:\\d+M)?(?:\\d+S)?)?';
import { secretWeakness } from './secret-strength.js';

/** `address` or `Display Name <address>`. */
const MAIL_FROM_PATTERN = /^(?:([^<>\r\n]*)<([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>|([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+))$/;

/** One TRUST_PROXY entry: an IPv4 or IPv6 address, with an optional prefix length, or a named range. */
const PROXY_ENTRY = String.raw`(?:loopback|linklocal|uniquelocal|\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?|[0-9a-fA-F:]*:[0-9a-fA-F:.]*(?:/\d{1,3})?)`;
const TRUST_PROXY_PATTERN = new RegExp(String.raw`^\s*(?:false|\d{1,2}|${PROXY_ENTRY}(?:\s*,\s*${PROXY_ENTRY})*)\s*$`);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;

/** Secrets that production must set explicitly; elsewhere `.env.example` supplies development values. */
const SECRETS = ['RETELL_API_KEY', 'API_KEYS'] as const;

const csv = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : value;

/**
 * The service's settings, parsed from environment variables and validated at boot.
 * Every `process.env` read of the service happens in this folder.
 */
export class AppConfig {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  /** HTTP port. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Postgres connection URL; unset selects the embedded PGlite database. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** PGlite data directory, or `memory://` for a throw-away database. */
  @IsString()
  @MinLength(1)
  PGLITE_DATA_DIR = './data/pglite';

  /** The Retell API key with the webhook badge; verifies `x-retell-signature`. */
  @IsString()
  @MinLength(8)
  RETELL_API_KEY: string;

  /** Bearer keys accepted on recruiter and frontend endpoints. */
  @Transform(csv)
  @ArrayNotEmpty({ message: 'API_KEYS must list at least one key' })
  @IsString({ each: true })
  @MinLength(8, { each: true, message: 'each API_KEYS entry must be at least 8 characters' })
  @MaxLength(512, { each: true, message: 'each API_KEYS entry must be at most 512 characters' })
  API_KEYS: string[];

  /** Largest accepted webhook body, in body-parser notation (`25mb`). */
  @Matches(/^\d+(b|kb|mb|gb)?$/i, { message: 'WEBHOOK_BODY_LIMIT must look like 25mb' })
  WEBHOOK_BODY_LIMIT = '25mb';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Browser origins allowed by CORS; empty allows none. */
  @Transform(csv)
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [];

  /** ISO 3166 region for national phone numbers, e.g. `US`: `(415) 555-0199` → `+14155550199`. Unset: E.164 only. */
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'DEFAULT_PHONE_REGION must be a two-letter region code such as US' })
  DEFAULT_PHONE_REGION?: string;

  /** Retell's API base URL; unset uses Retell's own. Tests and the demo point it at the local simulator. */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'RETELL_BASE_URL must be an http(s) URL' })
  RETELL_BASE_URL?: string;

  /** The caller id of outbound calls: an E.164 number owned in Retell. Unset: placing calls answers 503. */
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'RETELL_FROM_NUMBER must be an E.164 number such as +14155550100' })
  RETELL_FROM_NUMBER?: string;

  /** The Retell agent that screens candidates, unless a request names another. */
  @IsOptional()
  @IsString()
  RETELL_AGENT_ID?: string;

  /** Milliseconds to wait for Retell's API; a create-phone-call past it is left to the sweep, never retried. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  RETELL_TIMEOUT_MS = 15_000;

  /** Calls per candidate, counting every call on record except those Retell refused (`failed`). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MAX_CALL_ATTEMPTS = 3;

  /**
   * The cadence of a recruiter's own calls: comma-separated ISO 8601 durations between attempts,
   * the last one repeating. A call before the next attempt is due stays allowed; the console says it is early.
   */
  @Matches(new RegExp(`^${ISO_DURATION}(,\\s*${ISO_DURATION})*$`), {
    message: 'CALL_RETRY_DELAYS must be ISO 8601 durations, e.g. PT4H,P1D',
  })
  CALL_RETRY_DELAYS = 'PT4H,P1D';

  /** Local hours in which a candidate may be called, `HH:mm-HH:mm` (TCPA: 8am to 9pm). */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, {
    message: 'CALLING_WINDOW must look like 08:00-21:00',
  })
  CALLING_WINDOW = '08:00-21:00';

  /** IANA zone for candidates whose zone is unknown. */
  @IsTimeZone()
  DEFAULT_TIMEZONE = 'America/New_York';

  /** Minutes after which a call still dialing, registered or ongoing is fetched from Retell. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RECONCILE_AFTER = 15;

  /** Minutes between reconciliation sweeps; 0 turns the sweep off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RECONCILE_INTERVAL = 5;

  /**
   * Days a stored event keeps its payload (the raw webhook body: transcript, phone numbers) and
   * error text; the sweep then clears them, keeping the row, its outcome and hash. 0 keeps them
   * for ever. At most 36500 (a hundred years).
   */
  @Type(() => Number)
  @IsInt({ message: 'EVENT_PAYLOAD_RETENTION_DAYS must be a whole number of days (0 keeps payloads for ever)' })
  @Min(0)
  @Max(36_500)
  EVENT_PAYLOAD_RETENTION_DAYS = 90;

  /**
   * Recruiter and frontend requests allowed per valid API key (per IP for requests without one) in
   * THROTTLE_TTL seconds: per instance, or across replicas with REDIS_URL.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  THROTTLE_LIMIT = 600;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  THROTTLE_TTL = 60;

  /** Redis shared by the replicas for rate-limit counters; unset counts in memory, per instance. */
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of every key the service writes to Redis, so that services can share one Redis. */
  @Matches(/^[\w:.-]{0,64}$/, { message: 'REDIS_KEY_PREFIX must be up to 64 letters, digits, _ : . or -' })
  REDIS_KEY_PREFIX = 'retell-ats:';

  /** Milliseconds a client may take to send the request line and headers; then 408 and the socket is closed. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  HTTP_HEADERS_TIMEOUT_MS = 5_000;

  /** Milliseconds a client may take to send the whole request, body included; then 408 and the socket is closed. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  HTTP_REQUEST_TIMEOUT_MS = 10_000;

  /** Milliseconds an idle keep-alive connection stays open between requests. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000;

  /** Open connections accepted at once per instance; past it new connections are closed at once. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  HTTP_MAX_CONNECTIONS = 1_000;

  /**
   * Open connections accepted at once from one client address; past it that address's new
   * connections are closed at once, so that one client cannot take HTTP_MAX_CONNECTIONS from the
   * others. 0 turns the cap off. Connections from a trusted proxy (TRUST_PROXY) are not capped.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  HTTP_MAX_CONNECTIONS_PER_IP = 250;

  /**
   * The proxies in front of the service, whose `X-Forwarded-For` is believed (Express' `trust
   * proxy`): a hop count (`1`), or a comma-separated list of addresses, CIDR ranges and the names
   * `loopback`, `linklocal`, `uniquelocal`. Unset or `false`: none, the socket's address is the
   * client's. Per-client limits (rate limits, connections) need it behind a proxy.
   */
  @IsOptional()
  @Matches(TRUST_PROXY_PATTERN, {
    message:
      'TRUST_PROXY must be false, a hop count, or a list of addresses, CIDR ranges, loopback, linklocal, uniquelocal',
  })
  TRUST_PROXY?: string;

  /** Postgres pool size per instance. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DB_POOL_MAX = 10;

  /**
   * Milliseconds a Postgres connection, a pool slot or a row lock wait may take (statements get
   * four times as long). Bounds the answer when Postgres is down or a candidate's row is held: a
   * webhook then gets 503 (Retell retries) well within 2 s.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_TIMEOUT_MS = 1500;

  /**
   * Postgres connections per instance for recruiters' reports (analytics), in a pool of their own
   * beside DB_POOL_MAX: at most this many reports run at once, so a report never takes a connection
   * a webhook needs. PGlite runs one report at a time whatever this says.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  DB_READ_POOL_MAX = 2;

  /** Reports that may wait for a turn per instance; past it a report is answered 429 `report_queue_full`. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DB_READ_QUEUE_MAX = 20;

  /**
   * Milliseconds a report may wait for its turn, and each of its statements may run (the report
   * pool's `statement_timeout`; not enforced on PGlite); past it the report is answered 503
   * `report_timeout`.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_READ_TIMEOUT_MS = 10_000;

  /** Minutes an interview lasts unless a recruiter says otherwise. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(1440)
  INTERVIEW_DURATION_MINUTES = 45;

  /**
   * The SMTP server that sends interview e-mails (`smtp://user:pass@host:587`, `smtps://...:465`).
   * Unset: e-mail is off and notifications are stored as `skipped`.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Sender of interview e-mails and ORGANIZER of the invites: `recruiting@example.com` or `Name <recruiting@example.com>`. */
  @Matches(MAIL_FROM_PATTERN, { message: 'MAIL_FROM must be an address such as Recruiting <recruiting@example.com>' })
  MAIL_FROM = 'Recruiting <recruiting@example.com>';

  /** Sending attempts per e-mail before it is `failed`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS = 8;

  /** Milliseconds between two looks for due e-mails, on each instance. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  MAIL_POLL_MS = 5000;

  /** Milliseconds before the first retry of a failed send; each later retry waits twice as long (at most 1 hour). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  MAIL_RETRY_BASE_MS = 30_000;

  /**
   * Milliseconds the campaign dispatcher waits at most between two looks when nothing is due; a
   * due attempt is noticed at its time, and a call's end or a recruiter's action wakes it at once.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  CAMPAIGN_IDLE_MS = 30_000;

  /** Milliseconds a campaign waits for the analysis of a call that reached the candidate before it settles the attempt without one. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  CAMPAIGN_ANALYSIS_WAIT_MS = 600_000;

  /** Calls of Retell's concurrency limit that campaigns leave free for recruiters' own calls. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  CAMPAIGN_RETELL_RESERVE = 2;

  /**
   * Multiplies every campaign retry delay (1: as configured); the demo sets 0.001 so that "PT4H"
   * waits 14 s. Never below 1 minute in production use.
   */
  @Type(() => Number)
  @IsNumber()
  @Min(0.00001)
  @Max(1)
  CAMPAIGN_RETRY_DELAY_SCALE = 1;

  /** Token of the calendar feed `GET /api/calendar.ics?token=...`; unset: no feed (404). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'CALENDAR_FEED_TOKEN must be at least 16 characters' })
  @MaxLength(256)
  CALENDAR_FEED_TOKEN?: string;

  /** Where interviews take place, in every invite's LOCATION (an address, a room, "Video call"). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  INTERVIEW_LOCATION?: string;

  /** What the candidate should know, in every invite's DESCRIPTION and the e-mail. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  INTERVIEW_DESCRIPTION?: string;

  /** The video call's link, in every invite (URL and DESCRIPTION) and the e-mail; https only. */
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'INTERVIEW_JOIN_URL must be an https:// URL' })
  @MaxLength(2000)
  INTERVIEW_JOIN_URL?: string;

  /** INTERVIEW_LOCATION, INTERVIEW_DESCRIPTION and INTERVIEW_JOIN_URL, for the invites. */
  get interviewDetails(): { location?: string; description?: string; joinUrl?: string } {
    return {
      ...(this.INTERVIEW_LOCATION ? { location: this.INTERVIEW_LOCATION } : {}),
      ...(this.INTERVIEW_DESCRIPTION ? { description: this.INTERVIEW_DESCRIPTION.replaceAll('\\n', '\n') } : {}),
      ...(this.INTERVIEW_JOIN_URL ? { joinUrl: this.INTERVIEW_JOIN_URL } : {}),
    };
  }

  /** `{ name, address }` of MAIL_FROM. */
  get mailFrom(): { name: string; address: string } {
    const match = MAIL_FROM_PATTERN.exec(this.MAIL_FROM.trim())!;
    return { name: (match[1] ?? '').trim(), address: match[2] ?? match[3] };
  }

  /** TRUST_PROXY as Express takes it: false, a hop count, or a list of addresses and ranges. */
  get trustProxy(): false | number | string[] {
    const value = (this.TRUST_PROXY ?? 'false').trim();
    if (value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    return value.split(',').map((item) => item.trim());
  }

  /** Whether calls can be placed without naming an agent: RETELL_FROM_NUMBER and RETELL_AGENT_ID are set. */
  get callingConfigured(): boolean {
    return Boolean(this.RETELL_FROM_NUMBER && this.RETELL_AGENT_ID);
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get usesPglite(): boolean {
    return !this.DATABASE_URL;
  }
}

/** The validated settings plus the names that fell back to `.env.example` development values. */
export interface LoadedConfig {
  config: AppConfig;
  developmentDefaults: string[];
}

type Env = Record<string, string | undefined>;

const PROJECT_ROOT = new URL('../../', import.meta.url);

function readEnvFile(name: string): Env {
  const url = new URL(name, PROJECT_ROOT);
  return existsSync(url) ? parseEnv(readFileSync(url, 'utf8')) : {};
}

function withoutBlanks(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

function describe(errors: ValidationError[]): string {
  return errors.map((error) => `${error.property}: ${Object.values(error.constraints ?? {}).join(', ')}`).join('; ');
}

/**
 * Builds the configuration from `env` (default: `process.env`, then `./.env` when present).
 * Outside production, unset secrets take the development values of `.env.example`.
 * @throws Error naming every invalid or missing variable; the service must not start.
 */
export function loadConfig(env: Env = { ...readEnvFile('.env'), ...process.env }): LoadedConfig {
  const given = withoutBlanks(env);
  const production = given.NODE_ENV === 'production';
  const developmentDefaults: string[] = [];
  const examples = withoutBlanks(readEnvFile('.env.example'));
  if (production) {
    const missing = SECRETS.filter((name) => !given[name]);
    if (missing.length > 0) {
      throw new Error(`Missing required configuration for production: ${missing.join(', ')}`);
    }
    const published = SECRETS.filter(
      (name) => examples[name] && given[name]?.split(',').some((v) => v.trim() === examples[name]),
    );
    if (published.length > 0) {
      throw new Error(`Development values from .env.example cannot be used in production: ${published.join(', ')}`);
    }
  } else {
    for (const name of SECRETS) {
      if (!given[name] && examples[name]) {
        given[name] = examples[name];
        developmentDefaults.push(name);
      }
    }
  }
  const known = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(AppConfig, '', true, false)
      .map((meta) => meta.propertyName),
  );
  const settings = Object.fromEntries(Object.entries(given).filter(([name]) => known.has(name)));
  const config = plainToInstance(AppConfig, settings);
  const errors = validateSync(config);
  if (errors.length > 0) {
    throw new Error(`Invalid configuration: ${describe(errors)}`);
  }
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
    throw new Error('Invalid configuration: HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  const proxies = config.trustProxy;
  if (Array.isArray(proxies)) {
    const wrong = proxies.filter((entry) => {
      if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return false;
      const [address, prefix] = entry.split('/');
      const family = isIP(address);
      return family === 0 || (prefix !== undefined && Number(prefix) > (family === 4 ? 32 : 128));
    });
    if (wrong.length > 0)
      throw new Error(`Invalid configuration: TRUST_PROXY has invalid entries: ${wrong.join(', ')}`);
  }
  if (config.isProduction) {
    const weak = [
      ...config.API_KEYS.map((key, i) => [`API_KEYS entry ${i + 1}`, secretWeakness(key)] as const),
      ['CALENDAR_FEED_TOKEN', config.CALENDAR_FEED_TOKEN ? secretWeakness(config.CALENDAR_FEED_TOKEN) : null] as const,
    ].filter(([, weakness]) => weakness !== null);
    if (weak.length > 0) {
      throw new Error(
        `Invalid configuration for production: ${weak.map(([name, why]) => `${name} ${why}`).join('; ')}`,
      );
    }
  }
  try {
    parseCallingWindow(config.CALLING_WINDOW);
  } catch {
    throw new Error(
      'Invalid configuration: CALLING_WINDOW must end after it starts, within one day (e.g. 08:00-21:00)',
    );
  }
  return { config, developmentDefaults };
}
