import { describe, expect, it } from '@jest/globals';
import { bucketEdges, MAX_BUCKETS } from '../../src/analytics/time-buckets.js';

const at = (iso: string) => new Date(iso);
const isoEdges = (edges: number[]) => edges.map((ms) => new Date(ms).toISOString());

describe('bucketEdges', () => {
  it('should cut a range into local days, the spring-forward day 23 hours long', () => {
    const edges = bucketEdges(at('2026-03-07T12:00:00Z'), at('2026-03-09T12:00:00Z'), 'day', 'America/New_York');

    expect(isoEdges(edges)).toEqual([
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      '2026-03-10T04:00:00.000Z',
    ]);
    expect(edges[2] - edges[1]).toBe(23 * 3_600_000);
  });

  it('should keep the fall-back day whole: 25 hours', () => {
    const edges = bucketEdges(at('2026-10-25T00:00:00Z'), at('2026-10-25T23:00:00Z'), 'day', 'Europe/London');

    expect(isoEdges(edges)).toEqual(['2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z']);
  });

  it('should start weeks on local Monday midnight', () => {
    const edges = bucketEdges(at('2026-03-04T00:00:00Z'), at('2026-03-10T00:00:00Z'), 'week', 'America/New_York');

    expect(isoEdges(edges)).toEqual([
      '2026-03-02T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      '2026-03-16T04:00:00.000Z',
    ]);
  });

  it('should end at the range end when it falls on an edge, and hold nothing for an empty range', () => {
    expect(bucketEdges(at('2026-11-02T00:00:00Z'), at('2026-11-04T00:00:00Z'), 'day', 'UTC')).toHaveLength(3);
    expect(bucketEdges(at('2026-11-02T00:00:00Z'), at('2026-11-02T00:00:00Z'), 'day', 'UTC')).toEqual([]);
  });

  it('should refuse more than MAX_BUCKETS buckets, naming from', () => {
    expect(bucketEdges(at('2024-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), 'day', 'UTC')).toHaveLength(
      MAX_BUCKETS + 1,
    );
    expect(() => bucketEdges(at('2024-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'), 'day', 'UTC')).toThrow(
      expect.objectContaining({
        response: expect.objectContaining({ details: [expect.objectContaining({ field: 'from' })] }),
      }),
    );
  });
});
