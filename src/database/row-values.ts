/**
 * How the repositories talk SQL, one idiom per need:
 * - Reads and writes of one table by key or by equality: TypeORM's repository API (`findOneBy`,
 *   `find`, `update`, `save`); the entities' column types and transformers give JS types.
 * - Lists with optional filters and keyset paging: TypeORM's QueryBuilder, same entities.
 * - What TypeORM cannot say (row locks with CTEs, `SKIP LOCKED`, upserts, aggregates, `RETURNING`,
 *   the applier's batched writes): raw SQL through `query()` with numbered parameters, kept as
 *   named constants or inline beside the one method that runs it. Counts are cast in SQL
 *   (`count(*)::int`); every other value of a raw row goes through the converters below, once.
 */

/** A `bigint`/`integer` column of a raw row (pg gives bigints as strings; JSON rows as numbers). */
export const int = (value: unknown): number => Number(value);

/** {@link int}, keeping SQL NULL. */
export const intOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/** A `timestamptz` of a raw row (a Date from the driver, ISO text inside row_to_json). */
export const instant = (value: Date | string): Date => new Date(value);

/** {@link instant}, keeping SQL NULL. */
export const instantOrNull = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));
