import { InitialSchema1763683200000 } from './1763683200000-InitialSchema.js';
import { CallAttempts1763769600000 } from './1763769600000-CallAttempts.js';
import { InterviewsAndNotifications1763942400000 } from './1763942400000-InterviewsAndNotifications.js';
import { CallVerdictRecency1796284800000 } from './1796284800000-CallVerdictRecency.js';
import { PrivacyErasureRetention1796284875717 } from './1796284875717-PrivacyErasureRetention.js';
import { CallAnalyticsColumns1796371200000 } from './1796371200000-CallAnalyticsColumns.js';
import { CandidateSearchPrefix1796457600000 } from './1796457600000-CandidateSearchPrefix.js';
import { CandidateEmailUnique1796630400000 } from './1796630400000-CandidateEmailUnique.js';
import { CalendarFeedTokens1796630400001 } from './1796630400001-CalendarFeedTokens.js';
import { MetadataCandidateNumbers1796630400002 } from './1796630400002-MetadataCandidateNumbers.js';
import { CandidateNameOrder1796673600000 } from './1796673600000-CandidateNameOrder.js';
import { Campaigns1796760000000 } from './1796760000000-Campaigns.js';
import { CallAnalyticsRollup1796846400000 } from './1796846400000-CallAnalyticsRollup.js';
import { DropCandidateTranscriptCopy1796932800000 } from './1796932800000-DropCandidateTranscriptCopy.js';

/** Every migration, in order, for code that cannot load `dist/migrations/*.js` by glob (the tests). */
export const MIGRATIONS = [
  InitialSchema1763683200000,
  CallAttempts1763769600000,
  InterviewsAndNotifications1763942400000,
  CallVerdictRecency1796284800000,
  PrivacyErasureRetention1796284875717,
  CallAnalyticsColumns1796371200000,
  CandidateSearchPrefix1796457600000,
  CandidateEmailUnique1796630400000,
  CalendarFeedTokens1796630400001,
  MetadataCandidateNumbers1796630400002,
  CandidateNameOrder1796673600000,
  Campaigns1796760000000,
  CallAnalyticsRollup1796846400000,
  DropCandidateTranscriptCopy1796932800000,
];
