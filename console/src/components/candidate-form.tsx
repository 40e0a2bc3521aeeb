import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { errorInWords } from './states';
import { Field } from './field';

export const PROFILE_FIELDS = [
  ['first_name', 'First name', 'text', true],
  ['last_name', 'Last name', 'text', true],
  ['email', 'E-mail', 'email', true],
  ['phone', 'Phone (E.164, e.g. +14155550199)', 'tel', true],
  ['position', 'Position', 'text', false],
  ['company', 'Company', 'text', false],
  ['timezone', 'Time zone (IANA, e.g. America/Chicago)', 'text', false],
] as const;

export type ProfileKey = (typeof PROFILE_FIELDS)[number][0];
export type Profile = Record<ProfileKey, string>;

interface Props {
  initial: Profile;
  submitLabel: string;
  /** Sends the changed profile; throws ApiError on refusal (a 400's field messages are shown). */
  onSubmit: (profile: Profile) => Promise<void>;
  onCancel?: () => void;
}

/** The candidate profile form, for "New candidate" and the candidate's page. */
export function CandidateForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const [values, setValues] = useState<Profile>(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFieldErrors({});
    setFormError(null);
    try {
      await onSubmit(values);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors : {};
      setFieldErrors(fields);
      setFormError(Object.keys(fields).length > 0 ? 'Please correct the fields marked below.' : errorInWords(error));
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
            onChange={(e) => setValues({ ...values, [key]: e.target.value })}
          />
        ))}
      </div>
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
