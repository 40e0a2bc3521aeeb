import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, unwrap, type Candidate } from '../api/client';
import { ErrorMessage } from './states';

/** What erasing deletes, named before it is done. */
export function erasureInWords(c: Candidate, calls: number, emails: number): string[] {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    `the profile: name, e-mail address (${c.email}), phone number and notes`,
    `${plural(calls, 'call', 'calls')} with their transcripts, recording links and analyses`,
    c.interview
      ? 'the scheduled interview (no cancellation e-mail is sent: cancel it first if the candidate should be told)'
      : 'any interview on record',
    `${plural(emails, 'e-mail', 'e-mails')} on record`,
    'the stored webhook data of those calls (the delivery log keeps only that they arrived)',
  ];
}

/** "Erase candidate" (right to erasure): says what will be deleted, for good, and asks to confirm. */
export function EraseCandidate({ candidate, calls, emails }: { candidate: Candidate; calls: number; emails: number }) {
  const [confirming, setConfirming] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const name = `${candidate.first_name} ${candidate.last_name}`;
  const erase = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/candidates/{id}', { params: { path: { id: candidate.id } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['candidate', candidate.id] });
      void queryClient.invalidateQueries({ queryKey: ['candidates'] });
      void navigate('/', { state: { notice: `${name} was erased.` } });
    },
  });

  return (
    <section className="panel" aria-labelledby="erase">
      <h2 id="erase">Erase</h2>
      {!confirming ? (
        <>
          <p className="note">Deletes everything stored about this candidate, for good (right to erasure).</p>
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Erase candidate…
          </button>
        </>
      ) : (
        <div className="confirm" role="group" aria-labelledby="erase-what">
          <p id="erase-what">Erase {name}? This deletes for good, and cannot be undone:</p>
          <ul>
            {erasureInWords(candidate, calls, emails).map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="danger" disabled={erase.isPending} onClick={() => erase.mutate()}>
              {erase.isPending ? 'Erasing…' : `Yes, erase ${name}`}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep the candidate
            </button>
          </div>
        </div>
      )}
      {erase.isError ? <ErrorMessage error={erase.error} title="Not erased" /> : null}
    </section>
  );
}
