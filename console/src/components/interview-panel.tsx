import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, downloadWithKey, unwrap, type Interview } from '../api/client';
import { formatInstant, VIEWER_ZONE } from '../format';
import { errorInWords } from './states';

/** The scheduled interview in the candidate's zone and the viewer's, with invite, reschedule and cancel. */
export function InterviewPanel({ interview }: { interview: Interview }) {
  const queryClient = useQueryClient();
  const [when, setWhen] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function patch(body: { starts_at?: string; status?: 'cancelled' }, done: string) {
    setMessage(null);
    try {
      await unwrap(api.PATCH('/api/interviews/{id}', { params: { path: { id: interview.id } }, body }));
      setMessage(done);
      setConfirming(false);
      await queryClient.invalidateQueries();
    } catch (error) {
      setMessage(errorInWords(error));
    }
  }

  function reschedule(event: FormEvent) {
    event.preventDefault();
    const date = new Date(when);
    if (Number.isNaN(date.getTime())) return setMessage('Pick a date and time first.');
    void patch({ starts_at: date.toISOString() }, `Moved to ${formatInstant(date.toISOString())}.`);
  }

  const cancelled = interview.status === 'cancelled';
  return (
    <div className="interview">
      <dl className="facts">
        <dt>Candidate’s time</dt>
        <dd>
          {formatInstant(interview.starts_at, interview.timezone)} ({interview.timezone})
        </dd>
        <dt>Your time</dt>
        <dd>
          {formatInstant(interview.starts_at)} ({VIEWER_ZONE})
        </dd>
        <dt>Length</dt>
        <dd>{interview.duration_minutes} min</dd>
        <dt>Status</dt>
        <dd>{cancelled ? 'Cancelled' : 'Scheduled'}</dd>
      </dl>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() =>
            void downloadWithKey(`/api/interviews/${interview.id}/invite.ics`, `interview-${interview.id}.ics`).catch(
              (error: unknown) => setMessage(errorInWords(error)),
            )
          }
        >
          Download invite (.ics)
        </button>
        {!cancelled && !confirming ? (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Cancel interview
          </button>
        ) : null}
        {confirming ? (
          <>
            <button
              type="button"
              className="danger"
              onClick={() => void patch({ status: 'cancelled' }, 'The interview is cancelled.')}
            >
              Yes, cancel the interview
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : null}
      </div>
      {!cancelled ? (
        <form className="inline" onSubmit={reschedule}>
          <div className="field">
            <label htmlFor={`reschedule-${interview.id}`}>New time (your zone, {VIEWER_ZONE})</label>
            <input
              id={`reschedule-${interview.id}`}
              type="datetime-local"
              value={when}
              onChange={(e) => setWhen(e.target.value)}
            />
          </div>
          <button type="submit" className="secondary">
            Reschedule
          </button>
        </form>
      ) : null}
      {message ? (
        <p className="note" role="status">
          {message}
        </p>
      ) : null}
    </div>
  );
}
