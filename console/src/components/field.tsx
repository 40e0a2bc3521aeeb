import { useId, type InputHTMLAttributes } from 'react';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  /** The API's messages for this field (a 400's `details`). */
  errors?: string[];
}

/** A labelled input with its validation messages beside it, tied by aria-describedby. */
export function Field({ label, errors, ...input }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const invalid = Boolean(errors?.length);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={invalid || undefined} aria-describedby={invalid ? errorId : undefined} {...input} />
      {invalid ? (
        <span className="field-error" id={errorId}>
          {errors!.join('; ')}
        </span>
      ) : null}
    </div>
  );
}
