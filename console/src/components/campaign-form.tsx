import { useState, type ComponentProps, type FormEvent } from 'react';
import { ApiError, type Schemas } from '../api/client';
import { WEEKDAYS } from '../campaign-words';
import { Field, Fieldset } from './field';
import { StatusSelect } from './status-select';
import { errorInWords } from './states';
import {
  BLANK_ROW,
  MAX_VARIABLES,
  VariableRows,
  variableMistakes,
  variablesBody,
  type RowMistakes,
  type VariableRow,
} from './variable-rows';

/** The form as typed: numbers stay text until sent, so that a mistake can be shown as typed. */
export interface CampaignDraft {
  name: string;
  status: string;
  position: string;
  /** Candidates selected on the Candidates page. */
  ids: number[];
  job_id: string;
  recruiter: string;
  agent_id: string;
  dynamic_variables: VariableRow[];
  max_attempts: string;
  retry_delays: string;
  max_concurrent_calls: string;
  calling_days: number[];
  daily_call_limit: string;
  /** Dollars; sent as cents. */
  daily_budget: string;
}

/** The service's defaults, shown in the form. */
export const BLANK_CAMPAIGN: CampaignDraft = {
  name: '',
  status: '',
  position: '',
  ids: [],
  job_id: '',
  recruiter: '',
  agent_id: '',
  dynamic_variables: [BLANK_ROW],
  max_attempts: '3',
  retry_delays: 'PT4H, P1D',
  max_concurrent_calls: '5',
  calling_days: [1, 2, 3, 4, 5],
  daily_call_limit: '',
  daily_budget: '',
};

type Key = 'name' | 'audience' | 'position' | Exclude<keyof CampaignDraft, 'name' | 'status' | 'position' | 'ids'>;

/** What to enter in each field, said when it is missing or refused. */
const ASK: Record<Key, string> = {
  name: 'Enter a name for the campaign',
  audience: 'Choose who to call: a status, a position, or candidates selected on the Candidates page',
  position: 'Enter a position of at most 200 characters',
  job_id: 'Use at most 100 characters',
  recruiter: 'Use at most 200 characters',
  agent_id: 'Enter a Retell agent id such as agent_7d2f0c1e9b (letters, digits, _ and -), or leave it empty',
  dynamic_variables: `Use at most ${MAX_VARIABLES} rows, each with a name such as screening_questions and a text of at most 2,000 characters`,
  max_attempts: 'Enter a whole number of calls from 1 to 10',
  retry_delays: 'Enter 1 to 10 waits of 1 minute to 30 days, such as PT4H, P1D',
  max_concurrent_calls: 'Enter a whole number from 1 to 100',
  calling_days: 'Tick at least one day',
  daily_call_limit: 'Enter a whole number of calls, or leave it empty for no limit',
  daily_budget: 'Enter an amount in dollars such as 25 or 12.50, or leave it empty for no limit',
};

/** The API's field names, where they differ from the form's. */
const FORM_KEY: Record<string, Key> = {
  candidate_ids: 'audience',
  filter: 'audience',
  'filter.status': 'audience',
  'filter.position': 'position',
  daily_budget_cents: 'daily_budget',
};

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
const wholeIn = (text: string, min: number, max: number): boolean =>
  /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;
const delaysOf = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter((item) => item !== '');

/** The mistakes that can be seen before sending, every field at once (the API checks the durations' range). */
export function campaignMistakes(d: CampaignDraft): Partial<Record<Key, string[]>> {
  const delays = delaysOf(d.retry_delays);
  const checks: [Key, boolean][] = [
    ['name', d.name.trim() !== ''],
    ['recruiter', d.recruiter.trim().length <= 200],
    ['agent_id', d.agent_id.trim() === '' || /^[\w-]{1,100}$/.test(d.agent_id.trim())],
    ['audience', d.status !== '' || d.position.trim() !== '' || d.ids.length > 0],
    ['max_attempts', wholeIn(d.max_attempts, 1, 10)],
    ['retry_delays', delays.length >= 1 && delays.length <= 10 && delays.every((item) => ISO_DURATION.test(item))],
    ['max_concurrent_calls', wholeIn(d.max_concurrent_calls, 1, 100)],
    ['calling_days', d.calling_days.length > 0],
    ['daily_call_limit', d.daily_call_limit.trim() === '' || wholeIn(d.daily_call_limit, 1, 2 ** 31 - 1)],
    [
      'daily_budget',
      d.daily_budget.trim() === '' || (/^\d+(\.\d{1,2})?$/.test(d.daily_budget.trim()) && Number(d.daily_budget) > 0),
    ],
  ];
  return Object.fromEntries(checks.filter(([, ok]) => !ok).map(([key]) => [key, [ASK[key]]]));
}

/** The API's 400 per form field, in plain words (unknown candidate ids keep the API's list of them). */
function plainErrors(fields: Record<string, string[]>): Partial<Record<Key, string[]>> {
  const plain: Partial<Record<Key, string[]>> = {};
  for (const [field, messages] of Object.entries(fields)) {
    const key = (Object.hasOwn(FORM_KEY, field) ? FORM_KEY[field] : field) as Key;
    if (!Object.hasOwn(ASK, key)) continue;
    const words = field === 'candidate_ids' ? messages.map((m) => m.charAt(0).toUpperCase() + m.slice(1)) : [ASK[key]];
    plain[key] = [...new Set([...(plain[key] ?? []), ...words])];
  }
  return plain;
}

/** The body of `POST /api/campaigns`: blanks left out, dollars as cents. */
export function campaignBody(d: CampaignDraft): Schemas['CreateCampaignDto'] {
  const status = (d.status || undefined) as Schemas['CandidateStatus'] | undefined;
  const position = d.position.trim() || undefined;
  return {
    name: d.name.trim(),
    candidate_ids: d.ids.length > 0 ? d.ids : undefined,
    filter: status || position ? { status, position } : undefined,
    job_id: d.job_id.trim() || undefined,
    recruiter: d.recruiter.trim() || undefined,
    agent_id: d.agent_id.trim() || undefined,
    dynamic_variables: variablesBody(d.dynamic_variables),
    max_attempts: Number(d.max_attempts),
    retry_delays: delaysOf(d.retry_delays),
    max_concurrent_calls: Number(d.max_concurrent_calls),
    calling_days: [...d.calling_days].sort((a, b) => a - b),
    daily_call_limit: d.daily_call_limit.trim() ? Number(d.daily_call_limit) : undefined,
    daily_budget_cents: d.daily_budget.trim() ? Math.round(Number(d.daily_budget) * 100) : undefined,
  };
}

interface Props {
  initial: CampaignDraft;
  /** Sends the campaign; throws ApiError on refusal (a 400's field messages are shown by their fields). */
  onSubmit: (body: Schemas['CreateCampaignDto']) => Promise<void>;
  onCancel: () => void;
}

/** "New campaign": who to call, the cadence and the limits; every mistake in words by its field, all at once. */
export function CampaignForm({ initial, onSubmit, onCancel }: Props) {
  const [values, setValues] = useState<CampaignDraft>(initial);
  const [errors, setErrors] = useState<Partial<Record<Key, string[]>>>({});
  const [rowMistakes, setRowMistakes] = useState<(RowMistakes | undefined)[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (changes: Partial<CampaignDraft>) => setValues({ ...values, ...changes });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const mistakes = campaignMistakes(values);
    const rows = variableMistakes(values.dynamic_variables);
    const wrong = Object.keys(mistakes).length > 0 || rows.some(Boolean);
    setErrors(mistakes);
    setRowMistakes(rows);
    setFormError(wrong ? 'Please correct the fields marked below.' : null);
    if (wrong) return;
    setBusy(true);
    try {
      await onSubmit(campaignBody(values));
    } catch (error) {
      const plain = plainErrors(error instanceof ApiError ? error.fieldErrors : {});
      setErrors(plain);
      setFormError(Object.keys(plain).length > 0 ? 'Please correct the fields marked below.' : errorInWords(error));
    } finally {
      setBusy(false);
    }
  }

  const field = (
    key: Exclude<Key, 'audience' | 'calling_days' | 'dynamic_variables'>,
    label: string,
    extra: Partial<ComponentProps<typeof Field>> = {},
  ) => (
    <Field
      name={key}
      label={label}
      value={values[key]}
      errors={errors[key]}
      onChange={(e) => set({ [key]: e.target.value })}
      {...extra}
    />
  );
  const number = { type: 'number', inputMode: 'numeric', min: 1, step: 1 } as const;

  return (
    <form className="campaign-form" onSubmit={(e) => void submit(e)} noValidate>
      {formError ? (
        <p className="state error" role="alert">
          {formError}
        </p>
      ) : null}
      {field('name', 'Name *')}

      <Fieldset
        legend="Who to call *"
        hint="Everyone matching the status and the position, plus the candidates selected."
        errors={errors.audience}
      >
        <div className="grid">
          <StatusSelect value={values.status} onChange={(status) => set({ status })} />
          {field('position', 'Position (the whole title, any case)')}
        </div>
        {values.ids.length > 0 ? (
          <p>
            {values.ids.length === 1 ? '1 candidate' : `${values.ids.length} candidates`} selected on the Candidates
            page.{' '}
            <button type="button" className="secondary" onClick={() => set({ ids: [] })}>
              Remove the selection
            </button>
          </p>
        ) : null}
      </Fieldset>

      <div className="grid">
        {field('recruiter', 'Recruiter (optional)', {
          hint: 'The recruiter the agent speaks for, such as Emma Johnson.',
        })}
        {field('agent_id', 'Retell agent id (optional)', {
          hint: 'Leave it empty to use the service’s agent.',
          autoComplete: 'off',
          spellCheck: false,
        })}
        {field('job_id', 'Job id (sent with every call)')}
        {field('max_attempts', 'Calls per candidate at most', { ...number, max: 10 })}
        {field('retry_delays', 'Waits between calls', {
          hint: 'PT30M is 30 minutes, PT4H 4 hours, P1D a day; separate them with commas. The last one repeats.',
          autoComplete: 'off',
        })}
        {field('max_concurrent_calls', 'Calls at the same time at most', { ...number, max: 100 })}
        {field('daily_call_limit', 'Calls per day at most (optional)', number)}
        {field('daily_budget', 'Spending per day at most, in US dollars (optional)', {
          type: 'number',
          inputMode: 'decimal' as const,
          min: 0.01,
          step: 0.01,
        })}
      </div>

      <VariableRows
        rows={values.dynamic_variables}
        mistakes={rowMistakes}
        errors={errors.dynamic_variables}
        onChange={(dynamic_variables, mistakes) => {
          set({ dynamic_variables });
          setRowMistakes(mistakes);
        }}
      />

      <Fieldset
        legend="Calling days *"
        hint="Days of the candidate’s own week, within the service’s calling hours."
        errors={errors.calling_days}
      >
        <div className="days">
          {WEEKDAYS.map((day, i) => (
            <label key={day} className="toggle">
              <input
                type="checkbox"
                checked={values.calling_days.includes(i + 1)}
                onChange={(e) =>
                  set({
                    calling_days: e.target.checked
                      ? [...values.calling_days, i + 1]
                      : values.calling_days.filter((d) => d !== i + 1),
                  })
                }
              />
              {day}
            </label>
          ))}
        </div>
      </Fieldset>

      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create campaign'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
