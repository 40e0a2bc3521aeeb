import type { CallView } from '../api/client';
import { formatDuration, formatInstant, humanize } from '../format';
import { StatusBadge } from './status-badge';

interface Turn {
  role: string;
  content: string;
}

const SPEAKER: Record<string, string> = { agent: 'Agent', user: 'Candidate', transfer_target: 'Transferred to' };

/** The conversation, one turn per line, agent and candidate told apart by name and side. */
function Transcript({ turns }: { turns: Turn[] }) {
  return (
    <ol className="transcript">
      {turns.map((turn, i) => (
        <li key={i} className={`turn turn-${turn.role}`}>
          <span className="speaker">{SPEAKER[turn.role] ?? turn.role}</span>
          <span className="words">{turn.content}</span>
        </li>
      ))}
    </ol>
  );
}

/** One call of the history: what happened, the recording and the transcript. */
export function CallCard({ call }: { call: CallView }) {
  const started = call.start_timestamp ?? call.created_at;
  const turns = (call.transcript_object ?? []) as Turn[];
  const label = `Call ${call.attempt ? `attempt ${call.attempt}` : (call.call_id ?? '')}, ${formatInstant(started)}`;
  return (
    <article className="call" aria-label={label}>
      <header>
        <h3>{formatInstant(started)}</h3>
        <StatusBadge status={call.call_status} />
      </header>
      <dl className="facts">
        <dt>Outcome</dt>
        <dd>{call.call_outcome ?? '—'}</dd>
        <dt>Interest</dt>
        <dd>{call.interest_level ?? '—'}</dd>
        <dt>Sentiment</dt>
        <dd>{call.user_sentiment ?? '—'}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(call.duration_ms)}</dd>
        <dt>Ended because</dt>
        <dd>{humanize(call.disconnection_reason)}</dd>
        {call.dial_error ? (
          <>
            <dt>Dial error</dt>
            <dd>{call.dial_error}</dd>
          </>
        ) : null}
      </dl>
      {call.call_summary ? <p className="summary">{call.call_summary}</p> : null}
      {call.recording_url ? (
        <audio
          controls
          preload="none"
          src={call.recording_url}
          aria-label={`Recording of the call of ${formatInstant(started)}`}
        >
          <a href={call.recording_url}>Download the recording</a>
        </audio>
      ) : null}
      {turns.length > 0 ? (
        <details>
          <summary>Transcript ({turns.length} turns)</summary>
          <Transcript turns={turns} />
        </details>
      ) : null}
    </article>
  );
}
