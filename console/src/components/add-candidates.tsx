import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, unwrap, type Schemas } from '../api/client';
import { progressOf, type Campaign } from '../campaign-words';
import { Field } from './field';
import { StatusSelect } from './status-select';
import { errorInWords } from './states';

/** The statuses in which a campaign takes more candidates (the service refuses the others with a 409). */
const OPEN: Campaign['status'][] = ['draft', 'running', 'paused'];

const ASK_IDS = 'Enter candidate ids as whole numbers separated by commas, such as 12, 15, 18';

/** "12, 15 18" → [12, 15, 18] (repeats once); null when a part is not an id. */
function idsOf(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const ids = parts.map(Number);
  return ids.every((id, i) => /^\d+$/.test(parts[i]) && Number.isSafeInteger(id) && id > 0) ? [...new Set(ids)] : null;
}

/** What the request did, from the campaign's counts before and after. */
function addedInWords(before: Campaign, after: Campaign): string {
  const added = progressOf(after.counts).total - progressOf(before.counts).total;
  if (added <= 0) return 'No candidate was added: the campaign has every candidate chosen already, or none matches.';
  const skipped = after.counts.skipped - before.counts.skipped;
  const who = added === 1 ? '1 candidate' : `${added} candidates`;
  const notCalled = skipped > 0 ? ` ${skipped} of them will not be called (see why under Skip reason).` : '';
  return `Added ${who}.${notCalled} The campaign now has ${progressOf(after.counts).total}.`;
}

/** A refusal in words: unknown ids go by the ids field, as the service lists them. */
function refusal(error: unknown): { ids?: string; form?: string } {
  if (error instanceof ApiError && error.status === 400 && error.fieldErrors.candidate_ids) {
    const words = error.fieldErrors.candidate_ids.join('; ');
    return { ids: words.charAt(0).toUpperCase() + words.slice(1) };
  }
  if (error instanceof ApiError && error.envelope.code === 'campaign_transition_not_allowed') {
    return { form: 'This campaign has finished meanwhile: it takes no more candidates.' };
  }
  return { form: errorInWords(error) };
}

/**
 * "Add candidates" to a draft, running or paused campaign: everyone with a status and/or
 * candidates by id; says how many were added. The counts on the page follow by themselves.
 */
export function AddCandidates({ campaign }: { campaign: Campaign }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const [idsText, setIdsText] = useState('');
  const [mistake, setMistake] = useState<{ ids?: string; form?: string }>({});
  const add = useMutation({
    // The campaign as it was is kept, to say what the request added.
    mutationFn: async (body: Schemas['CampaignAudienceDto']) => ({
      before: campaign,
      after: await unwrap(api.POST('/api/campaigns/{id}/candidates', { params: { path: { id: campaign.id } }, body })),
    }),
    onSuccess: ({ after }) => {
      queryClient.setQueryData(['campaigns', campaign.id], after);
      setIdsText('');
    },
    onError: (error) => setMistake(refusal(error)),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
  });
  if (!OPEN.includes(campaign.status)) return null;
  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          Add candidates
        </button>
      </div>
    );
  }

  /** Closes the form; opened again, it starts without the last answer. */
  function close() {
    setOpen(false);
    setMistake({});
    add.reset();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    add.reset();
    const ids = idsOf(idsText);
    if (ids === null) setMistake({ ids: ASK_IDS });
    else if (status === '' && ids.length === 0)
      setMistake({ form: 'Choose a status other than “Any status”, or enter candidate ids.' });
    else {
      setMistake({});
      add.mutate({
        filter: status ? { status: status as Schemas['CandidateStatus'] } : undefined,
        candidate_ids: ids.length > 0 ? ids : undefined,
      });
    }
  }

  return (
    <section className="panel" aria-labelledby="add-candidates">
      <h2 id="add-candidates">Add candidates</h2>
      <p className="hint">
        Everyone with the status, plus the candidates whose ids you enter. Those already in the campaign stay as they
        are.
      </p>
      <form onSubmit={submit} noValidate>
        <div className="grid">
          <StatusSelect value={status} onChange={setStatus} />
          <Field
            label="Candidate ids"
            hint="Separated by commas, such as 12, 15, 18."
            inputMode="numeric"
            autoComplete="off"
            value={idsText}
            errors={mistake.ids ? [mistake.ids] : undefined}
            onChange={(e) => setIdsText(e.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add'}
          </button>
          <button type="button" className="secondary" onClick={close}>
            Close
          </button>
        </div>
      </form>
      {mistake.form ? (
        <p className="state error" role="alert">
          {mistake.form}
        </p>
      ) : null}
      {add.isSuccess ? (
        <p className="note" role="status">
          {addedInWords(add.data.before, add.data.after)}
        </p>
      ) : null}
    </section>
  );
}
