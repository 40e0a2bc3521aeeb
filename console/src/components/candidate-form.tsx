import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { errorInWords } from './states';
import { Field } from './field';

export const PROFILE_FIELDS = [
  ['first_name', 'First name', 'text', true],
  ['last_name', 'Last name', 'text', true],
  ['email', 'E-mail', 'email', true],
  ['phone', 'Phone (+1 415 555 0199, or national in the country of the time zone)', 'tel', true],
  ['position', 'Position', 'text', false],
  ['company', 'Company', 'text', false],
  ['timezone', 'Time zone (e.g. America/Chicago)', 'text', false],
] as const;

export type ProfileKey = (typeof PROFILE_FIELDS)[number][0];
export type Profile = Record<ProfileKey, string>;

/** What to enter in each field, said when it is missing or refused. */
const ASK: Record<ProfileKey, string> = {
  first_name: 'Enter a first name',
  last_name: 'Enter a last name',
  email: 'Enter an e-mail address such as name@example.com',
  phone: 'Enter a phone number',
  position: 'Enter a position',
  company: 'Enter a company',
  timezone: 'Choose a time zone from the list, such as America/Chicago',
};

const ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');
const ZONE_SET = new Set(ZONES.map((zone) => zone.toLowerCase()));

/** The mistakes that can be seen before sending, every field at once, in words. */
export function profileMistakes(profile: Profile): Record<string, string[]> {
  const mistakes: Record<string, string[]> = {};
  for (const [key, , , required] of PROFILE_FIELDS) {
    if (required && profile[key].trim() === '') mistakes[key] = [ASK[key]];
  }
  const email = profile.email.trim();
  if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) mistakes.email = [ASK.email];
  const zone = profile.timezone.trim();
  if (zone !== '' && !ZONE_SET.has(zone.toLowerCase()) && zone !== 'UTC') mistakes.timezone = [ASK.timezone];
  return mistakes;
}

/**
 * The API's message for a field, in plain words: "first_name should not be empty" becomes "Enter a
 * first name"; "phone must be a valid phone number: …" becomes "Enter a valid phone number: …".
 */
export function plainFieldError(field: string, message: string): string {
  const key = field as ProfileKey;
  if (/should not be empty|must be a string|should not exist/.test(message) && ASK[key]) return ASK[key];
  if (key === 'email' && /email/.test(message)) return ASK.email;
  if (key === 'timezone') return ASK.timezone;
  const longest = /shorter than or equal to (\d+) characters/.exec(message);
  if (longest) return `Use at most ${longest[1]} characters`;
  const rest = message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
  const words = rest.replace(/^must be /, 'Enter ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface Props {
  initial: Profile;
  submitLabel: string;
  /** Sends the changed profile; throws ApiError on refusal (a 400's field messages are shown by their fields). */
  onSubmit: (profile: Profile) => Promise<void>;
  onCancel?: () => void;
}

/** A refusal of the whole form in words, with a link to the candidate it names (a repeated e-mail, 409). */
function refusal(error: unknown): ReactNode {
  if (error instanceof ApiError && error.status === 409 && error.envelope.code === ('candidate_exists' as string)) {
    const details = error.envelope.details;
    const id = details && !Array.isArray(details) ? details.candidate_id : undefined;
    return (
      <>
        A candidate with this e-mail address exists already.{' '}
        {id ? <Link to={`/candidates/${id}`}>Open the existing candidate</Link> : null}
      </>
    );
  }
  return errorInWords(error);
}

/** The candidate profile form, for "New candidate" and the candidate's page. */
export function CandidateForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const [values, setValues] = useState<Profile>(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const mistakes = profileMistakes(values);
    setFieldErrors(mistakes);
    if (Object.keys(mistakes).length > 0) {
      setFormError('Please correct the fields marked below.');
      return;
    }
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors : {};
      const plain = Object.fromEntries(
        Object.entries(fields).map(([field, messages]) => [field, messages.map((m) => plainFieldError(field, m))]),
      );
      setFieldErrors(plain);
      setFormError(Object.keys(plain).length > 0 ? 'Please correct the fields marked below.' : refusal(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="candidate-form" onSubmit={(e) => void submit(e)} noValidate>
      {formError ? (
        <p className="state error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="grid">
        {PROFILE_FIELDS.map(([key, label, type, required]) => (
          <Field
            key={key}
            name={key}
            label={required ? `${label} *` : label}
            type={type}
            required={required}
            value={values[key]}
            errors={fieldErrors[key]}
            list={key === 'timezone' ? 'time-zones' : undefined}
            autoComplete={key === 'timezone' ? 'off' : undefined}
            onChange={(e) => setValues({ ...values, [key]: e.target.value })}
          />
        ))}
      </div>
      <datalist id="time-zones">
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** The body of a create or update: blanks of optional fields left out (create) or cleared (update). */
export function profileBody(profile: Profile, blankAs: 'omit' | 'null'): Record<string, string | null> {
  const body: Record<string, string | null> = {};
  for (const [key, , , required] of PROFILE_FIELDS) {
    const value = profile[key].trim();
    if (value !== '' || required) body[key] = value;
    else if (blankAs === 'null') body[key] = null;
  }
  return body;
}
