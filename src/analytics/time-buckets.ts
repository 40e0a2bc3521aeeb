import { DateTime } from 'luxon';
import { invalidField } from '../common/validation.js';

/** The bucket sizes of `GET /api/analytics/timeseries`. */
export const BUCKETS = ['day', 'week'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** The most buckets one series may hold (two years of days). */
export const MAX_BUCKETS = 731;

/**
 * The edges of the buckets that cover [`from`, `to`) in `zone`, as epoch milliseconds: the first
 * is local midnight of `from`'s day (of its ISO week's Monday for `week`), each next one the
 * following local midnight, whatever DST does (a day may last 23 or 25 hours), and the last one
 * the first edge at or after `to`. n buckets have n + 1 edges; an empty range has none.
 * Pure: no clock.
 * @throws BadRequestException (400, field `from`) when the range needs more than {@link MAX_BUCKETS}
 */
export function bucketEdges(from: Date, to: Date, bucket: Bucket, zone: string): number[] {
  if (from.getTime() >= to.getTime()) return [];
  let edge = DateTime.fromJSDate(from, { zone }).startOf(bucket);
  const edges = [edge.toMillis()];
  while (edge.toMillis() < to.getTime()) {
    if (edges.length > MAX_BUCKETS) {
      throw invalidField('from', `from: the range holds more than ${MAX_BUCKETS} buckets of a ${bucket}`);
    }
    edge = edge.plus(bucket === 'day' ? { days: 1 } : { weeks: 1 }).startOf(bucket);
    edges.push(edge.toMillis());
  }
  return edges;
}
