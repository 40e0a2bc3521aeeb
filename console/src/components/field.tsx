import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

/** A control's messages and hint, and the ids that tie them to it (aria-describedby). */
function useNotes(errors: string[] | undefined, hint: string | undefined) {
  const id = useId();
  const invalid = Boolean(errors?.length);
  const describedBy = [invalid ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return {
    id,
    invalid,
    describedBy: describedBy || undefined,
    error: invalid ? (
      <span className="field-error" id={`${id}-error`}>
        {errors!.join('; ')}
      </span>
    ) : null,
    hint: hint ? (
      <span className="hint" id={`${id}-hint`}>
        {hint}
      </span>
    ) : null,
  };
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  /** The API's messages for this field (a 400's `details`). */
  errors?: string[];
  /** What to enter, in words, shown under the input. */
  hint?: string;
}

/** A labelled input with its validation messages and hint beside it, tied by aria-describedby. */
export function Field({ label, errors, hint, ...input }: FieldProps) {
  const notes = useNotes(errors, hint);
  return (
    <div className="field">
      <label htmlFor={notes.id}>{label}</label>
      <input id={notes.id} aria-invalid={notes.invalid || undefined} aria-describedby={notes.describedBy} {...input} />
      {notes.error}
      {notes.hint}
    </div>
  );
}

interface SelectFieldProps {
  label: string;
  value: string;
  /** Each choice's value and words. */
  options: (readonly [string, string])[];
  onChange: (value: string) => void;
}

/** A labelled choice among `options`. */
export function SelectField({ label, value, options, onChange }: SelectFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([choice, words]) => (
          <option key={choice} value={choice}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
}

interface FieldsetProps {
  legend: string;
  errors?: string[];
  /** What the group is for, in words, shown under the legend. */
  hint?: string;
  children: ReactNode;
}

/** A group of controls with one legend, and its messages and hint tied to the group. */
export function Fieldset({ legend, errors, hint, children }: FieldsetProps) {
  const notes = useNotes(errors, hint);
  return (
    <fieldset aria-describedby={notes.describedBy}>
      <legend>{legend}</legend>
      {notes.hint}
      {children}
      {notes.error}
    </fieldset>
  );
}
