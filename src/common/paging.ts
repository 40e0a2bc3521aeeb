import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DecimalInteger } from './decimal-integer.js';
import { NoNul } from './safe-text.decorator.js';
import { invalidField } from './validation.js';

/** Items per page when a list request gives no `limit`; the same for every list endpoint. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * The paging parameters every list endpoint takes; its query DTO extends this and adds filters.
 * `limit` is a decimal integer in 1–100 (default 20); `cursor` is the `next_cursor` of the page before.
 */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @IsString()
  @NoNul()
  @MaxLength(200)
  cursor?: string;
}

/** The `limit` a query asks for, or the default. */
export function pageSize(query: PageQuery): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}

/** One page of a list; `next_cursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * The OpenAPI class of a page of `item`, named `name` in the document (`CandidatePage`, …):
 * `class CandidatePageDto extends PageOf(CandidateView, 'CandidatePageDto') {}`.
 */
export function PageOf<T>(item: Type<T>, name: string): Type<Page<T>> {
  class PageDto implements Page<T> {
    @ApiProperty({ type: () => [item] })
    items: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'pass as cursor for the next page; null on the last page',
    })
    next_cursor: string | null;
  }
  Object.defineProperty(PageDto, 'name', { value: name });
  return PageDto;
}

/** A keyset position: the sort key of the last item of a page, of instants, texts and/or a row id. */
export type CursorPart = 'instant' | 'text' | 'id';
type PartValue<P extends CursorPart> = P extends 'instant' ? Date : P extends 'text' ? string : number;
export type CursorKey<P extends readonly CursorPart[]> = { [K in keyof P]: PartValue<P[K]> };

const MAX_ID = 2 ** 53 - 1;

/** The opaque cursor of a keyset position: base64url of a JSON array (instants as ISO 8601). */
export function encodeCursor(key: readonly (Date | number | string)[]): string {
  const parts = key.map((value) => (value instanceof Date ? value.toISOString() : value));
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/**
 * Reads a cursor made by {@link encodeCursor} for a key of the given `parts`.
 * @param maxId the largest id the list's table can hold ({@link MAX_INTEGER_ID} for an `integer` key)
 * @throws BadRequestException → 400 naming `cursor` when it is not such a cursor (forged or of another list)
 */
export function decodeCursor<const P extends readonly CursorPart[]>(
  cursor: string,
  parts: P,
  maxId: number = MAX_ID,
): CursorKey<P> {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (Array.isArray(values) && values.length === parts.length) {
    const key = parts.map((part, index) => readPart(part, values[index], maxId));
    if (key.every((value) => value !== undefined)) return key as CursorKey<P>;
  }
  throw invalidField('cursor', 'cursor must be a next_cursor of this endpoint');
}

function readPart(part: CursorPart, value: unknown, maxId: number): Date | number | string | undefined {
  if (part === 'text')
    return typeof value === 'string' && value.length <= 1000 && !value.includes('\u0000') ? value : undefined;
  if (part === 'id')
    return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= maxId
      ? (value as number)
      : undefined;
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  const year = date.getUTCFullYear();
  return year >= 1970 && year <= 9999 ? date : undefined;
}

/**
 * The page of `rows`, fetched with `limit + 1` to know whether another follows: the first `limit`
 * rows mapped by `view`, and the cursor of the last one's `key` when more remain.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  key: (row: R) => (Date | number | string)[],
  view: (row: R) => T,
): Page<T> {
  const kept = rows.slice(0, limit);
  return {
    items: kept.map(view),
    next_cursor: rows.length > limit ? encodeCursor(key(kept[kept.length - 1])) : null,
  };
}
