import { outcomeInWords } from '../campaign-words';
import { listInWords, salaryInWords, yearsInWords, yesNo } from '../format';
import { MemberName, MemberTable, useMembers } from './campaign-members';

/** The finished candidates, best screening answers first (qualified, then interest, then years of experience). */
export function CampaignRanking({ id }: { id: number }) {
  const pages = useMembers(id, { state: 'completed', sort: 'rank' });
  return (
    <>
      <p className="note">
        Candidates the campaign finished with, best screening answers first: qualified, then interest, then years of
        experience.
      </p>
      <MemberTable
        label="Ranking table"
        columns={['Rank', 'Name', 'Qualified', 'Interest', 'Experience', 'Salary expectation', 'Skills', 'Outcome']}
        pages={pages}
        empty="No candidate has finished yet: the ranking fills as calls end."
        row={(m, i) => (
          <tr key={m.candidate_id ?? `erased-${i}`}>
            <td data-label="Rank">{i + 1}</td>
            <td data-label="Name">
              <MemberName member={m} />
            </td>
            <td data-label="Qualified">{yesNo(m.screening.is_qualified)}</td>
            <td data-label="Interest">{m.screening.interest_level ?? '—'}</td>
            <td data-label="Experience">{yearsInWords(m.screening.years_of_experience)}</td>
            <td data-label="Salary expectation">{salaryInWords(m.screening.salary_expectation)}</td>
            <td data-label="Skills">{listInWords(m.screening.technical_skills)}</td>
            <td data-label="Outcome">{outcomeInWords(m.last_outcome)}</td>
          </tr>
        )}
      />
    </>
  );
}
