import type { EntityManager } from 'typeorm';
import { queryPrepared } from './prepared-query.js';

/**
 * Builds one parameterised SQL statement out of several writes, so they cost one round trip:
 * each `add`ed write becomes a data-modifying CTE (run once, to completion, in order of the
 * statement), and the statement answers one row `{ id }` ({@link addResult}). Values are always
 * parameters; objects and arrays are sent as JSON for jsonb columns.
 */
export class Statement {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];
  private result: string | null = null;

  /** A placeholder (`$n`) for `value`. */
  param(value: unknown): string {
    const json = value !== null && typeof value === 'object' && !(value instanceof Date);
    this.params.push(json ? JSON.stringify(value) : value);
    return `$${this.params.length}`;
  }

  /** `"a" = $1, "b" = $2` for an UPDATE's SET list. Column names come from code, never from input. */
  assign(columns: Record<string, unknown>): string {
    return Object.entries(columns)
      .map(([column, value]) => `"${column}" = ${this.param(value)}`)
      .join(', ');
  }

  /** `INSERT INTO table (…) VALUES (…)`. */
  insert(table: string, columns: Record<string, unknown>): string {
    const names = Object.keys(columns).map((column) => `"${column}"`);
    const values = Object.values(columns).map((value) => this.param(value));
    return `INSERT INTO "${table}" (${names.join(', ')}) VALUES (${values.join(', ')})`;
  }

  add(write: string): void {
    this.parts.push(`${write} RETURNING 1`);
  }

  /**
   * Adds the write whose row the statement answers with: its `RETURNING id` becomes the statement's
   * one result row, `{ id }` (null when it wrote no row, e.g. an `ON CONFLICT DO NOTHING` that met
   * a conflict). One per statement.
   */
  addResult(write: string): void {
    if (this.result !== null) throw new Error('a statement has one result write');
    this.result = `w${this.parts.length}`;
    this.parts.push(`${write} RETURNING id`);
  }

  /**
   * Runs the statement in the caller's transaction (prepared: its text is the same on every event
   * of a kind).
   * @returns the id of the result write's row ({@link addResult}), or null
   */
  async run(manager: EntityManager): Promise<string | null> {
    const [row] = await queryPrepared<{ id: string | null }>(manager, this.sql(), this.params);
    return row.id;
  }

  sql(): string {
    const ctes = this.parts.map((part, i) => `w${i} AS (${part})`).join(', ');
    return `WITH ${ctes} SELECT ${this.result === null ? 'NULL' : `(SELECT id FROM ${this.result})`} AS id`;
  }
}
