/**
 * Pipeline status of a candidate.
 * - `new`: not reached yet (the default);
 * - `contacted`: a call reached the person, with no decision yet;
 * - `interviewing`: an interview is scheduled;
 * - `rejected`: not interested, or turned down;
 * - `hired` / `withdrawn`: closed by a recruiter; call data never moves a candidate out of these.
 */
export const CANDIDATE_STATUSES = ['new', 'contacted', 'interviewing', 'rejected', 'hired', 'withdrawn'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];
