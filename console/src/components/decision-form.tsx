import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Candidate, type Schemas } from '../api/client';
import { formatInstant, humanize } from '../format';
import { ErrorMessage } from './states';

type Decision = 'hired' | 'rejected' | 'withdrawn';
const DECISIONS: Decision[] = ['hired', 'rejected', 'withdrawn'];

/** What setting `decision` will do to this candidate, in words, before it is done. */
export function consequences(decision: Decision, c: Candidate): string {
  const name = `${c.first_name} ${c.last_name}`;
  const closed = 'No more calls will be placed.';
  if (decision === 'hired') {
    return `${name} will be marked hired: the candidate is closed. ${closed}${c.interview ? ' The scheduled interview stays as it is.' : ''}`;
  }
  const interview = c.interview
    ? ` The interview of ${formatInstant(c.interview.starts_at)} will be cancelled, and ${name} will be e-mailed the cancellation.`
    : '';
  return `${name} will be marked ${decision}. ${closed}${interview}`;
}

/**
 * The recruiter's decision: no choice is made until one is picked, and setting it first says what
 * it will do (a reject cancels the interview and e-mails the candidate), then asks to confirm.
 */
export function DecisionForm({ candidate }: { candidate: Candidate }) {
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<Decision | ''>('');
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: (status: Decision) =>
      unwrap(
        api.PATCH('/api/candidates/{id}', {
          params: { path: { id: candidate.id } },
          body: { status } satisfies Schemas['UpdateCandidateDto'],
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(['candidate', candidate.id], saved);
      setConfirming(false);
      setDecision('');
      void queryClient.invalidateQueries({ queryKey: ['notifications', candidate.id] });
    },
  });

  function review(event: FormEvent) {
    event.preventDefault();
    if (decision) setConfirming(true);
  }

  return (
    <>
      <form className="inline" onSubmit={review}>
        <div className="field">
          <label htmlFor="decision">Recruiter’s decision</label>
          <select
            id="decision"
            value={decision}
            onChange={(e) => {
              setDecision(e.target.value as Decision | '');
              setConfirming(false);
            }}
          >
            <option value="">Choose a decision…</option>
            {DECISIONS.map((s) => (
              <option key={s} value={s} disabled={s === candidate.status}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary" disabled={!decision || confirming || save.isPending}>
          Set status…
        </button>
      </form>
      {confirming && decision ? (
        <div className="confirm" role="group" aria-labelledby="decision-consequences">
          <p id="decision-consequences">{consequences(decision, candidate)}</p>
          <div className="actions">
            <button
              type="button"
              className={decision === 'hired' ? undefined : 'danger'}
              disabled={save.isPending}
              onClick={() => save.mutate(decision)}
            >
              {save.isPending ? 'Saving…' : `Yes, mark as ${decision}`}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep as {humanize(candidate.status).toLowerCase()}
            </button>
          </div>
        </div>
      ) : null}
      {save.isError ? <ErrorMessage error={save.error} title="Not saved" /> : null}
    </>
  );
}
