import { InitialSchema1763683200000 } from './1763683200000-InitialSchema.js';

/** Every migration, in order, for code that cannot load `dist/migrations/*.js` by glob (the tests). */
export const MIGRATIONS = [InitialSchema1763683200000];
