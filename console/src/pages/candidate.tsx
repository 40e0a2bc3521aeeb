import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError, api, unwrap, type CallView, type Candidate, type Schemas } from '../api/client';
import { BookInterview } from '../components/book-interview';
import { CallCard } from '../components/call-card';
import { CandidateForm, profileBody, type Profile } from '../components/candidate-form';
import { DecisionForm } from '../components/decision-form';
import { EraseCandidate } from '../components/erase-candidate';
import { InterviewPanel } from '../components/interview-panel';
import { ScreeningAnswers } from '../components/screening-answers';
import { StatusBadge } from '../components/status-badge';
import { Empty, ErrorMessage, Loading, errorInWords } from '../components/states';
import { formatInstant, humanize, nextActionInWords, refusalInWords } from '../format';

const LIVE = new Set(['dialing', 'registered', 'ongoing']);
/** How long after its end a call's analysis is still waited for (Retell sends it seconds to minutes later). */
const ANALYSIS_WAIT_MS = 10 * 60_000;
/** setTimeout's longest wait. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Live: still dialing or talking, or ended moments ago with its analysis yet to come. */
function isLive(call: CallView): boolean {
  if (LIVE.has(call.call_status)) return true;
  const awaitingAnalysis = call.call_status === 'ended' && call.call_summary === null && call.user_sentiment === null;
  return awaitingAnalysis && call.end_timestamp !== null && Date.now() - call.end_timestamp < ANALYSIS_WAIT_MS;
}

function profileOf(c: Candidate): Profile {
  return {
    first_name: c.first_name,
    last_name: c.last_name,
    email: c.email,
    phone: c.phone,
    position: c.position ?? '',
    company: c.company ?? '',
    timezone: c.timezone ?? '',
  };
}

/** A refusal of "Call now" in words, from the API's 409 details (or its message). */
function callError(error: unknown): string {
  if (error instanceof ApiError && error.envelope.code === 'calling_not_configured')
    return refusalInWords('calling_not_configured');
  if (error instanceof ApiError && error.envelope.details && !Array.isArray(error.envelope.details)) {
    const d = error.envelope.details;
    if (d.reason) return refusalInWords(d.reason, d.next_allowed_at, d.timezone);
  }
  return errorInWords(error);
}

/**
 * Refetches the candidate when the calling window opens, so that "Call now" becomes available
 * then without a reload (the change stream carries writes, not the clock).
 */
function useRefetchAt(instant: string | null | undefined, refetch: () => unknown): void {
  useEffect(() => {
    if (!instant) return;
    const wait = new Date(instant).getTime() - Date.now() + 1_000;
    if (!(wait > 0) || wait > MAX_TIMER_MS) return;
    const timer = setTimeout(() => void refetch(), wait);
    return () => clearTimeout(timer);
  }, [instant, refetch]);
}

/**
 * One candidate: profile, decision, calling, interview, e-mails, screening answers and call history. Every part
 * follows the service's changes as they are committed (live.ts), so they agree with each other.
 */
export function CandidatePage() {
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const path = { params: { path: { id } } };

  const candidate = useQuery({
    queryKey: ['candidate', id],
    queryFn: () => unwrap(api.GET('/api/candidates/{id}', path)),
  });
  const calls = useQuery({
    queryKey: ['calls', id],
    queryFn: () => unwrap(api.GET('/api/candidates/{id}/calls', path)),
  });
  const emails = useQuery({
    queryKey: ['notifications', id],
    queryFn: () => unwrap(api.GET('/api/notifications', { params: { query: { candidate_id: id, limit: 20 } } })),
  });
  useRefetchAt(candidate.data?.outreach.next_allowed_at, candidate.refetch);

  const update = useMutation({
    mutationFn: (body: Schemas['UpdateCandidateDto']) => unwrap(api.PATCH('/api/candidates/{id}', { ...path, body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(['candidate', id], saved);
      void queryClient.invalidateQueries({ queryKey: ['candidates'] });
    },
  });
  const callNow = useMutation({
    mutationFn: () => unwrap(api.POST('/api/candidates/{id}/calls', path)),
    onSuccess: (placed) => {
      queryClient.setQueryData(['calls', id], (list: CallView[] | undefined) =>
        list?.some((call) => call.call_id === placed.call_id) ? list : [placed, ...(list ?? [])],
      );
      void queryClient.invalidateQueries({ queryKey: ['candidate', id] });
    },
  });
  // The box shows the click at once; the saved value takes over when the PATCH answers.
  const [doNotCall, setDoNotCall] = useState<boolean | null>(null);

  if (!Number.isSafeInteger(id) || id < 1)
    return <ErrorMessage error={new Error('This address names no candidate.')} />;
  if (candidate.isPending) return <Loading what="the candidate" />;
  if (candidate.isError)
    return (
      <>
        <p>
          <Link to="/">← Candidates</Link>
        </p>
        <ErrorMessage
          error={
            candidate.error instanceof ApiError && candidate.error.status === 404
              ? new Error('There is no candidate with this id: it may have been erased.')
              : candidate.error
          }
          title="The candidate could not be loaded"
        />
      </>
    );
  const c = candidate.data;
  const outreach = c.outreach;
  const live = calls.data?.some(isLive) ?? false;
  const whyNot = outreach.can_call
    ? null
    : refusalInWords(outreach.reason, outreach.next_allowed_at, outreach.timezone);

  return (
    <>
      <p>
        <Link to="/">← Candidates</Link>
      </p>
      <div className="page-head">
        <h1>
          {c.first_name} {c.last_name}
        </h1>
        <StatusBadge status={c.status} />
        {live ? (
          <span className="live" role="status">
            Call in progress or awaiting its analysis: updating live
          </span>
        ) : null}
      </div>

      <div className="columns">
        <section className="panel" aria-labelledby="calling">
          <h2 id="calling">Calling</h2>
          <dl className="facts">
            <dt>Next step</dt>
            <dd>{nextActionInWords(outreach.next_action)}</dd>
            <dt>Attempts</dt>
            <dd>
              {outreach.attempts} of {outreach.max_attempts}
            </dd>
            <dt>Candidate’s zone</dt>
            <dd>{outreach.timezone}</dd>
            {outreach.next_attempt_at ? (
              <>
                <dt>Next attempt due</dt>
                <dd>
                  {formatInstant(outreach.next_attempt_at, outreach.timezone)} <span className="note">their time</span>
                  {outreach.campaign_id !== null ? (
                    <>
                      {' '}
                      · <Link to={`/campaigns/${outreach.campaign_id}`}>in a campaign</Link>
                    </>
                  ) : null}
                </dd>
              </>
            ) : null}
          </dl>
          <div className="actions">
            <button
              type="button"
              onClick={() => callNow.mutate()}
              disabled={callNow.isPending || !outreach.can_call}
              aria-describedby={whyNot ? 'why-not' : undefined}
            >
              {callNow.isPending ? 'Calling…' : 'Call now'}
            </button>
          </div>
          {whyNot ? (
            <p className="note" id="why-not">
              Not now: {whyNot}
            </p>
          ) : outreach.early ? (
            <p className="note" id="early">
              Early: the cadence has the next attempt at {formatInstant(outreach.next_attempt_at, outreach.timezone)}{' '}
              their time. You can still call now.
            </p>
          ) : null}
          {callNow.isError ? (
            <p className="state error" role="alert">
              {callError(callNow.error)}
            </p>
          ) : callNow.isSuccess ? (
            <p className="note" role="status">
              The call is placed: this page follows it live.
            </p>
          ) : null}
          <div className="toggle">
            <input
              id="do-not-call"
              type="checkbox"
              checked={doNotCall ?? c.do_not_call}
              onChange={(e) => {
                setDoNotCall(e.target.checked);
                update.mutate({ do_not_call: e.target.checked }, { onSettled: () => setDoNotCall(null) });
              }}
            />
            <label htmlFor="do-not-call">Do not call</label>
          </div>
          {update.isError ? <ErrorMessage error={update.error} title="Not saved" /> : null}
          <DecisionForm candidate={c} />
        </section>

        <section className="panel" aria-labelledby="interview">
          <h2 id="interview">Interview</h2>
          {c.interview ? (
            <InterviewPanel interview={c.interview} />
          ) : (
            <>
              <Empty>No interview is scheduled. A call that books one shows it here, or book one below.</Empty>
              <BookInterview candidate={c} zone={outreach.timezone} />
            </>
          )}
          <h3>E-mails sent</h3>
          {emails.isPending ? (
            <Loading what="e-mails" />
          ) : emails.isError ? (
            <ErrorMessage error={emails.error} />
          ) : emails.data.items.length === 0 ? (
            <Empty>No e-mail has been sent to this candidate.</Empty>
          ) : (
            <ul className="plain">
              {emails.data.items.map((n) => (
                <li key={n.id}>
                  <strong>{n.subject}</strong> — {humanize(n.status)}
                  {n.sent_at ? `, ${formatInstant(n.sent_at)}` : ''}
                  {n.last_error ? ` (${n.last_error})` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>

        <ScreeningAnswers candidate={c} />
      </div>

      <section className="panel" aria-labelledby="profile">
        <h2 id="profile">Profile</h2>
        <CandidateForm
          key={c.id}
          initial={profileOf(c)}
          submitLabel="Save profile"
          onSubmit={async (profile) => {
            await update.mutateAsync(profileBody(profile, 'null'));
          }}
        />
        <p className="note">Last updated {formatInstant(c.updated_at)}.</p>
      </section>

      <section aria-labelledby="history">
        <h2 id="history">Call history</h2>
        {calls.isPending ? (
          <Loading what="calls" />
        ) : calls.isError ? (
          <ErrorMessage error={calls.error} title="The calls could not be loaded" />
        ) : calls.data.length === 0 ? (
          <Empty>No calls yet. “Call now” places one.</Empty>
        ) : (
          calls.data.map((call) => <CallCard key={call.call_id ?? `${call.attempt}-${call.created_at}`} call={call} />)
        )}
      </section>

      <EraseCandidate candidate={c} calls={calls.data?.length ?? 0} emails={emails.data?.items.length ?? 0} />
    </>
  );
}
