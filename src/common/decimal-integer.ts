import { Transform } from 'class-transformer';

/**
 * The largest Postgres `integer` (2^31 - 1): the largest id of a table keyed by `integer`
 * (candidates, interviews, notifications, campaigns) and the bound of every integer input stored
 * in an `integer` column. A value past it is refused with a 400, never sent to Postgres.
 */
export const MAX_INTEGER_ID = 2_147_483_647;

/** A positive or zero decimal integer as text: digits only, no sign, no leading zero, up to 10 digits. */
const DECIMAL_INTEGER = /^(0|[1-9]\d{0,9})$/;

/**
 * Reads text such as a path id or a query parameter as an integer, strictly: `0x1`, `+1`, `01`,
 * `1e3`, `1.0` and ` 1` are not integers here, where `Number()` would accept them.
 * @returns the number, or `undefined` when `text` is not a decimal integer (or not a string).
 */
export function parseDecimalInteger(text: unknown): number | undefined {
  return typeof text === 'string' && DECIMAL_INTEGER.test(text) ? Number(text) : undefined;
}

/**
 * Query parameter decorator, in place of `@Type(() => Number)`: decimal integer text becomes a
 * number; anything else stays as given, for `@IsInt()` to refuse with a 400 naming the parameter.
 */
export const DecimalInteger = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => parseDecimalInteger(value) ?? value);
