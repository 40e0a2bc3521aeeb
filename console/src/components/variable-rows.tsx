import { Field, Fieldset } from './field';

/** One of a campaign's dynamic variables as typed: a name of the agent's prompt and the text it reads. */
export interface VariableRow {
  name: string;
  value: string;
}

/** A row to type in. */
export const BLANK_ROW: VariableRow = { name: '', value: '' };

/** A row's mistakes, by its name and its value. */
export interface RowMistakes {
  name?: string[];
  value?: string[];
}

/** Retell's variable names (as the service checks them): identifiers of at most 64 characters. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_VALUE = 2000;
/** The most variables the service takes. */
export const MAX_VARIABLES = 50;

const isEmpty = (row: VariableRow): boolean => row.name.trim() === '' && row.value.trim() === '';

/** The rows that say something: empty rows are ignored. */
const filled = (rows: VariableRow[]): VariableRow[] => rows.filter((row) => !isEmpty(row));

/** Each row's mistakes, in words, by index (undefined for a good or empty row). */
export function variableMistakes(rows: VariableRow[]): (RowMistakes | undefined)[] {
  const names = filled(rows).map((row) => row.name.trim());
  return rows.map((row) => {
    if (isEmpty(row)) return undefined;
    const name = row.name.trim();
    const mistakes: RowMistakes = {};
    if (name === '') mistakes.name = ['Enter a name for this text'];
    else if (!IDENTIFIER.test(name))
      mistakes.name = [
        'A name is letters, digits and _ only, starting with a letter or _, at most 64 characters (such as screening_questions)',
      ];
    else if (names.indexOf(name) !== names.lastIndexOf(name)) mistakes.name = ['This name is used by another row'];
    if (row.value.length > MAX_VALUE) mistakes.value = [`Use at most ${MAX_VALUE.toLocaleString()} characters`];
    return mistakes.name || mistakes.value ? mistakes : undefined;
  });
}

/** The non-empty rows as the API's `dynamic_variables`, or undefined when there is none. */
export function variablesBody(rows: VariableRow[]): Record<string, string> | undefined {
  const entries = filled(rows).map((row) => [row.name.trim(), row.value] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

interface Props {
  rows: VariableRow[];
  /** Each row's mistakes, by index. */
  mistakes: (RowMistakes | undefined)[];
  /** The whole list's messages (too many rows, or the service's refusal). */
  errors?: string[];
  /** The rows changed, with their mistakes (a removed row takes its own away). */
  onChange: (rows: VariableRow[], mistakes: (RowMistakes | undefined)[]) => void;
}

/** "Questions and details the agent reads": name/text rows, added and removed at will; each row's mistakes beside it. */
export function VariableRows({ rows, mistakes, errors, onChange }: Props) {
  const change = (i: number, changes: Partial<VariableRow>) =>
    onChange(
      rows.map((row, j) => (j === i ? { ...row, ...changes } : row)),
      mistakes,
    );
  const remove = (i: number) =>
    rows.length > 1
      ? onChange(
          rows.filter((_, j) => j !== i),
          mistakes.filter((_, j) => j !== i),
        )
      : onChange([BLANK_ROW], []);
  return (
    <Fieldset
      legend="Questions and details the agent reads"
      hint="Each name is a variable of the agent’s prompt, such as screening_questions, with the text it reads, such as “Years of TypeScript? Notice period?”. Empty rows are ignored."
      errors={errors}
    >
      {rows.map((row, i) => (
        <div className="inline variable" key={i}>
          <Field
            label={`Name ${i + 1}`}
            value={row.name}
            errors={mistakes[i]?.name}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => change(i, { name: e.target.value })}
          />
          <Field
            label={`Text ${i + 1}`}
            value={row.value}
            errors={mistakes[i]?.value}
            autoComplete="off"
            onChange={(e) => change(i, { value: e.target.value })}
          />
          <button type="button" className="secondary" aria-label={`Remove row ${i + 1}`} onClick={() => remove(i)}>
            Remove
          </button>
        </div>
      ))}
      {rows.length < MAX_VARIABLES ? (
        <button type="button" className="secondary" onClick={() => onChange([...rows, BLANK_ROW], mistakes)}>
          Add a row
        </button>
      ) : null}
    </Fieldset>
  );
}
