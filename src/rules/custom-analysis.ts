/**
 * Parsing of `call_analysis.custom_analysis_data`: LLM output shaped by the agent's post-call
 * analysis settings (seed 002), so every field is untrusted. A value of the wrong type becomes
 * null and yields a warning that names the field (never the value: it may hold personal data).
 */

/** The custom analysis fields this service reads, after validation. */
export interface CustomAnalysis {
  interview_scheduled: boolean | null;
  scheduled_date: string | null;
  scheduled_time: string | null;
  scheduled_timezone: string | null;
  scheduled_datetime_iso: string | null;
  candidate_timezone: string | null;
  availability_preference: string | null;
  unavailable_dates: string | null;
  is_qualified_candidate: boolean | null;
  candidate_interest_level: string | null;
  years_of_experience: number | null;
  salary_expectation: number | null;
  technical_skills_mentioned: string[] | null;
  questions_asked: string[] | null;
  outcome: string | null;
  rejection_reason: string | null;
  additional_notes: string | null;
  /** The candidate asked not to be called again: the candidate becomes do-not-call. */
  do_not_call_requested: boolean | null;
}

type Parser<T> = (value: unknown) => T | null | undefined;

const MAX_TEXT = 10_000;

/** The options of the `candidate_interest_level` selector (docs/retell-post-call-analysis.json). */
export const INTEREST_LEVELS: readonly string[] = ['High', 'Medium', 'Low', 'Not Interested'];
/** The options of the `outcome` selector (docs/retell-post-call-analysis.json). */
export const OUTCOMES: readonly string[] = [
  'Interview Scheduled',
  'Callback Requested',
  'Not Interested',
  'Voicemail Left',
];

/** `undefined` means "wrong type"; `null` means "absent or empty". */
const text: Parser<string> = (value) => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed.length === 0) return null;
  return trimmed.length > MAX_TEXT ? undefined : trimmed;
};

const BOOLEAN_WORDS = new Map([
  ['true', true],
  ['yes', true],
  ['y', true],
  ['false', false],
  ['no', false],
  ['n', false],
]);

const boolean: Parser<boolean> = (value) => {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return BOOLEAN_WORDS.get(value.trim().toLowerCase());
  return undefined;
};

const NUMERIC = /^-?\d+(\.\d+)?$/;

const number: Parser<number> = (value) => {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const plain = value.trim().replace(/^\$/, '').replace(/,/g, '');
  const parsed = NUMERIC.test(plain) ? Number(plain) : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
};

/** A list given as an array of strings, or as text split on `separator`. */
const list =
  (separator: RegExp): Parser<string[]> =>
  (value) => {
    if (value === null || value === undefined) return null;
    const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(separator) : undefined;
    if (items === undefined || !items.every((item) => typeof item === 'string')) return undefined;
    const cleaned = items.map((item) => item.trim()).filter((item) => item.length > 0);
    return cleaned.length > 0 ? cleaned : null;
  };

/** A selector value: matched case-insensitively to its canonical spelling; other text is kept as given. */
const choice =
  (options: readonly string[]): Parser<string> =>
  (value) => {
    const given = text(value);
    if (typeof given !== 'string') return given;
    return options.find((option) => option.toLowerCase() === given.toLowerCase()) ?? given;
  };

const PARSERS: { [K in keyof CustomAnalysis]: Parser<NonNullable<CustomAnalysis[K]>> } = {
  interview_scheduled: boolean,
  scheduled_date: text,
  scheduled_time: text,
  scheduled_timezone: text,
  scheduled_datetime_iso: text,
  candidate_timezone: text,
  availability_preference: text,
  unavailable_dates: text,
  is_qualified_candidate: boolean,
  candidate_interest_level: choice(INTEREST_LEVELS),
  years_of_experience: number,
  salary_expectation: number,
  // Skills arrive as "Python, Django" (seed 002); questions may hold commas, so only line breaks,
  // semicolons and the end of a question separate them.
  technical_skills_mentioned: list(/[,;\n]/),
  questions_asked: list(/\n|;|(?<=\?)\s*,?/),
  outcome: choice(OUTCOMES),
  rejection_reason: text,
  additional_notes: text,
  do_not_call_requested: boolean,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates `custom_analysis_data` field by field.
 * @param raw the value of `call_analysis.custom_analysis_data` (any shape)
 * @returns every known field (null when absent or invalid) and one warning per invalid field,
 *          e.g. `custom_analysis_data.years_of_experience has the wrong type`
 */
export function parseCustomAnalysis(raw: unknown): { data: CustomAnalysis; warnings: string[] } {
  const source = isRecord(raw) ? raw : {};
  const warnings: string[] =
    raw !== undefined && raw !== null && !isRecord(raw) ? ['custom_analysis_data is not an object'] : [];
  const data = {} as Record<keyof CustomAnalysis, unknown>;
  for (const [field, parse] of Object.entries(PARSERS) as [keyof CustomAnalysis, Parser<unknown>][]) {
    const value = Object.hasOwn(source, field) ? source[field] : undefined;
    const parsed = parse(value);
    if (parsed === undefined) warnings.push(`custom_analysis_data.${field} has the wrong type`);
    data[field] = parsed ?? null;
  }
  return { data: data as CustomAnalysis, warnings };
}
