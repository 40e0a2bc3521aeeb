import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Candidate } from '../api/client';
import { formatInstant, VIEWER_ZONE } from '../format';
import { ErrorMessage } from './states';

/** Books an interview by hand (`POST /api/candidates/{id}/interviews`): the invitation e-mail goes with it. */
export function BookInterview({ candidate, zone }: { candidate: Candidate; zone: string }) {
  const queryClient = useQueryClient();
  const [when, setWhen] = useState('');
  const [minutes, setMinutes] = useState('');
  const [mistake, setMistake] = useState<string | null>(null);
  const book = useMutation({
    mutationFn: (body: { starts_at: string; timezone: string; duration_minutes?: number }) =>
      unwrap(api.POST('/api/candidates/{id}/interviews', { params: { path: { id: candidate.id } }, body })),
    onSuccess: () => {
      setWhen('');
      setMinutes('');
      void queryClient.invalidateQueries({ queryKey: ['candidate', candidate.id] });
      void queryClient.invalidateQueries({ queryKey: ['notifications', candidate.id] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const date = new Date(when);
    const length = minutes.trim() === '' ? undefined : Number(minutes);
    if (Number.isNaN(date.getTime())) return setMistake('Pick a date and time.');
    if (length !== undefined && (!Number.isInteger(length) || length < 5 || length > 1440))
      return setMistake('Enter a length of 5 to 1440 minutes, or leave it empty for the usual length.');
    setMistake(null);
    book.mutate({ starts_at: date.toISOString(), timezone: zone, ...(length ? { duration_minutes: length } : {}) });
  }

  const closed = candidate.status === 'hired' || candidate.status === 'withdrawn';
  if (closed) return <p className="note">The candidate is {candidate.status}: no interview can be booked.</p>;
  return (
    <form className="inline book" onSubmit={submit} aria-labelledby="book-title" noValidate>
      <h3 id="book-title">Book an interview</h3>
      <div className="field">
        <label htmlFor="book-when">Starts at (your zone, {VIEWER_ZONE})</label>
        <input
          id="book-when"
          type="datetime-local"
          value={when}
          aria-invalid={mistake?.startsWith('Pick') || undefined}
          onChange={(e) => setWhen(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="book-minutes">Length in minutes (optional)</label>
        <input
          id="book-minutes"
          type="number"
          inputMode="numeric"
          min={5}
          max={1440}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
      </div>
      <button type="submit" className="secondary" disabled={book.isPending}>
        {book.isPending ? 'Booking…' : 'Book and send the invitation'}
      </button>
      <p className="note">
        The invitation is e-mailed to {candidate.email}, with the time in the candidate’s zone ({zone}).
        {when && !Number.isNaN(new Date(when).getTime())
          ? ` That is ${formatInstant(new Date(when).toISOString(), zone)} for them.`
          : ''}
      </p>
      {mistake ? (
        <p className="field-error" role="alert">
          {mistake}
        </p>
      ) : null}
      {book.isError ? <ErrorMessage error={book.error} title="Not booked" /> : null}
    </form>
  );
}
