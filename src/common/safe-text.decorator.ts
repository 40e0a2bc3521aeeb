import { Matches } from 'class-validator';

/** Refuses U+0000, which Postgres text cannot store (it would fail in the database instead of as a 400). */
export const NoNul = (): PropertyDecorator =>
  // eslint-disable-next-line no-control-regex -- matching U+0000 is the point
  Matches(/^[^\u0000]*$/, { message: '$property must not contain NUL characters' });
