import { useSearchParams } from 'react-router';
import { MEMBER_STATES, outcomeInWords, skipReasonInWords } from '../campaign-words';
import { formatInstant, humanize, VIEWER_ZONE } from '../format';
import { SelectField } from './field';
import { MemberName, MemberTable, useMembers } from './campaign-members';
import { StatusBadge } from './status-badge';

const STATE_OPTIONS = [['', 'Any state'] as const, ...MEMBER_STATES.map((s) => [s, humanize(s)] as const)];

/** When the next attempt is due, in the candidate's zone (whose calling hours it keeps) and in the viewer's. */
function NextAttempt({ at, zone }: { at: string; zone: string | undefined }) {
  return (
    <>
      {zone ? (
        <>
          {formatInstant(at, zone)} <span className="note">their time ({zone})</span>
          <br />
        </>
      ) : null}
      {formatInstant(at)} <span className="note">your time ({VIEWER_ZONE})</span>
    </>
  );
}

/** The campaign's candidates in the order they were added, filterable by state (kept in the address). */
export function CampaignCandidates({ id }: { id: number }) {
  const [params, setParams] = useSearchParams();
  const state = MEMBER_STATES.find((s) => s === params.get('state'));
  const pages = useMembers(id, { state, sort: 'added' });

  function filter(next: string) {
    const changed = new URLSearchParams(params);
    if (next) changed.set('state', next);
    else changed.delete('state');
    setParams(changed);
  }

  return (
    <>
      <form className="filters" aria-label="Filter the campaign’s candidates" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="State" value={state ?? ''} options={STATE_OPTIONS} onChange={filter} />
      </form>
      <MemberTable
        label="Campaign candidates table"
        columns={['Name', 'State', 'Attempts', 'Next attempt', 'Last outcome', 'Skip reason']}
        pages={pages}
        empty={state ? `No candidate is ${humanize(state).toLowerCase()}.` : 'This campaign has no candidates.'}
        row={(m, i) => (
          <tr key={m.candidate_id ?? `erased-${i}`}>
            <td data-label="Name">
              <MemberName member={m} />
            </td>
            <td data-label="State">
              <StatusBadge status={m.state} />
            </td>
            <td data-label="Attempts">{m.attempts}</td>
            <td data-label="Next attempt">
              {m.next_attempt_at ? <NextAttempt at={m.next_attempt_at} zone={m.timezone ?? undefined} /> : '—'}
            </td>
            <td data-label="Last outcome">{outcomeInWords(m.last_outcome)}</td>
            <td data-label="Skip reason">{skipReasonInWords(m.skip_reason)}</td>
          </tr>
        )}
      />
    </>
  );
}
