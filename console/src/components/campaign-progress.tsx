import { progressOf, type Counts } from '../campaign-words';
import { Bars } from './bars';

/** How far a campaign is: finished of all its candidates as a bar, and its candidates per state. */
export function CampaignProgress({ counts }: { counts: Counts }) {
  const { finished, total } = progressOf(counts);
  return (
    <>
      <p id="progress-words">
        {finished} of {total} finished
        {counts.calling > 0 ? ` · ${counts.calling} on a call now` : ''}
      </p>
      <progress className="progress" max={Math.max(total, 1)} value={finished} aria-labelledby="progress-words" />
      <Bars title="Candidates per state" counts={counts} />
    </>
  );
}
