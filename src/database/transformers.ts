import type { ValueTransformer } from 'typeorm';

/**
 * Postgres `bigint` arrives from `pg` as a string; epoch milliseconds fit a JS number
 * exactly (< 2^53), so JSON carries numbers.
 */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
