import { readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { MIGRATIONS } from '../../migrations/index.js';

describe('migrations/index.ts', () => {
  it('should list every migration file, in order, so the tests run the schema production runs', () => {
    // Production loads dist/migrations/*.js by glob; the tests load this list.
    const files = readdirSync(new URL('../../migrations/', import.meta.url))
      .filter((name) => /^\d+-.+\.ts$/.test(name))
      .sort()
      .map((name) => {
        const [timestamp, title] = name.replace(/\.ts$/, '').split(/-(.*)/s);
        return `${title}${timestamp}`;
      });
    expect(MIGRATIONS.map((migration) => migration.name)).toEqual(files);
  });
});
