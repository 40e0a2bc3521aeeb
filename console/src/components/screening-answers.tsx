import { Fragment } from 'react';
import type { Candidate } from '../api/client';
import { listInWords, salaryInWords, yearsInWords, yesNo } from '../format';
import { Empty } from './states';

/** The screening answers of the candidate's most recent call (the agent's custom analysis), as a compact card. */
export function ScreeningAnswers({ candidate: c }: { candidate: Candidate }) {
  const answers: [string, string][] = [
    ['Qualified', yesNo(c.retell_is_qualified)],
    ['Interest', c.retell_interest_level ?? '—'],
    ['Experience', yearsInWords(c.retell_years_of_experience)],
    ['Salary expectation', salaryInWords(c.retell_salary_expectation)],
    ['Skills mentioned', listInWords(c.retell_technical_skills)],
    ['Questions they asked', listInWords(c.retell_questions_asked)],
    ['Availability', c.retell_availability_preference ?? '—'],
    ['Unavailable', c.retell_unavailable_dates ?? '—'],
    ['Why they declined', c.retell_rejection_reason ?? '—'],
  ];
  // Only what the agent recorded: a call without screening shows none of these.
  const given = answers.filter(([, value]) => value !== '—' && value !== '');
  return (
    <section className="panel" aria-labelledby="screening">
      <h2 id="screening">Screening answers</h2>
      {given.length === 0 ? (
        <Empty>No screening answers yet: they arrive with a call’s analysis.</Empty>
      ) : (
        <dl className="facts">
          {given.map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </section>
  );
}
