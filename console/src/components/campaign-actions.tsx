import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, unwrap } from '../api/client';
import { waitingOf, type Campaign } from '../campaign-words';
import { errorInWords } from './states';

type Action = 'start' | 'pause' | 'resume' | 'cancel';

/** What a recruiter can do from each status (the service refuses the rest with a 409). */
const POSSIBLE: Record<Campaign['status'], Action[]> = {
  draft: ['start', 'cancel'],
  running: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  completed: [],
  cancelled: [],
};

const LABELS: Record<Action, string> = {
  start: 'Start',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel campaign…',
};

/** What cancelling does, said before it is done. */
export function cancellationInWords(c: Campaign): string {
  const waiting = waitingOf(c.counts);
  const who =
    waiting === 0
      ? 'No candidate is waiting for a call'
      : `${waiting === 1 ? '1 candidate' : `${waiting} candidates`} waiting for a call will not be called`;
  return `Cancel “${c.name}”? ${who}, and the campaign cannot be started again. Calls in progress finish.`;
}

/** A refusal in words: a 409 means the campaign's status changed meanwhile (it is refetched). */
function actionError(error: unknown, action: Action): string {
  if (error instanceof ApiError && error.envelope.code === 'campaign_transition_not_allowed') {
    return `The campaign could not ${action}: its status changed meanwhile, and the page now shows where it stands.`;
  }
  return errorInWords(error);
}

/** Start, Pause, Resume and Cancel, as the campaign's status allows; Cancel asks first. */
export function CampaignActions({ campaign }: { campaign: Campaign }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const act = useMutation({
    mutationFn: (action: Action) =>
      unwrap(api.POST(`/api/campaigns/{id}/${action}`, { params: { path: { id: campaign.id } } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(['campaigns', campaign.id], saved);
      setConfirming(false);
    },
    // Whatever happened, the page shows the campaign as it is now.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
  });
  const actions = POSSIBLE[campaign.status];
  if (actions.length === 0) {
    return <p className="note">This campaign is {campaign.status}: no more calls are placed.</p>;
  }

  return (
    <>
      <div className="actions">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'cancel' ? 'danger' : undefined}
            disabled={act.isPending || confirming}
            onClick={() => (action === 'cancel' ? setConfirming(true) : act.mutate(action))}
          >
            {LABELS[action]}
          </button>
        ))}
      </div>
      {confirming ? (
        <div className="confirm" role="group" aria-labelledby="cancel-what">
          <p id="cancel-what">{cancellationInWords(campaign)}</p>
          <div className="actions">
            <button type="button" className="danger" disabled={act.isPending} onClick={() => act.mutate('cancel')}>
              {act.isPending ? 'Cancelling…' : 'Yes, cancel the campaign'}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep the campaign
            </button>
          </div>
        </div>
      ) : null}
      {act.isError ? (
        <p className="state error" role="alert">
          {actionError(act.error, act.variables)}
        </p>
      ) : null}
    </>
  );
}
