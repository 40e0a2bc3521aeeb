import type { Schemas } from '../api/client';
import { humanize } from '../format';
import { SelectField } from './field';

/** A candidate's statuses, in the pipeline's order. */
const CANDIDATE_STATUSES: Schemas['CandidateStatus'][] = [
  'new',
  'contacted',
  'interviewing',
  'rejected',
  'hired',
  'withdrawn',
];
const OPTIONS = [['', 'Any status'] as const, ...CANDIDATE_STATUSES.map((s) => [s, humanize(s)] as const)];

/** "Status": a candidate status to filter by, or any (''). */
export function StatusSelect({ value, onChange }: { value: string; onChange: (status: string) => void }) {
  return <SelectField label="Status" value={value} options={OPTIONS} onChange={onChange} />;
}
