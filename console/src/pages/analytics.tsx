import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../api/client';
import { Bars } from '../components/bars';
import { HeatMap } from '../components/heat-map';
import { ErrorMessage, Loading } from '../components/states';
import { formatDollars, VIEWER_ZONE } from '../format';

/** `yyyy-mm-dd` of a local date. */
function isoDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Local midnight of `yyyy-mm-dd`, plus `days`, as an instant for the API. */
function midnight(day: string, days = 0): string {
  const date = new Date(`${day}T00:00`);
  date.setDate(date.getDate() + days);
  return date.toISOString();
}

const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)} %`);

/** Analytics: figure tiles, the daily series, outcomes and reasons, and the interview heat map. */
export function AnalyticsPage() {
  const today = new Date();
  const monthAgo = new Date(today);
  monthAgo.setDate(today.getDate() - 29);
  const [fromDay, setFromDay] = useState(isoDate(monthAgo));
  const [toDay, setToDay] = useState(isoDate(today));
  const [jobId, setJobId] = useState('');
  const valid = fromDay !== '' && toDay !== '' && fromDay <= toDay;
  const query = {
    from: valid ? midnight(fromDay) : undefined,
    to: valid ? midnight(toDay, 1) : undefined,
    job_id: jobId.trim() || undefined,
  };

  const summary = useQuery({
    queryKey: ['analytics-summary', query],
    queryFn: () => unwrap(api.GET('/api/analytics/summary', { params: { query } })),
    enabled: valid,
  });
  const series = useQuery({
    queryKey: ['analytics-series', query],
    queryFn: () =>
      unwrap(api.GET('/api/analytics/timeseries', { params: { query: { ...query, bucket: 'day', tz: VIEWER_ZONE } } })),
    enabled: valid,
  });
  const days = (series.data?.buckets ?? []).map((b) => ({
    ...b,
    day: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: VIEWER_ZONE }).format(
      new Date(b.start),
    ),
  }));

  return (
    <>
      <h1>Analytics</h1>
      <form className="filters" aria-label="Range and job" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="from">From (your zone)</label>
          <input id="from" type="date" value={fromDay} max={toDay} onChange={(e) => setFromDay(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="to">To, included</label>
          <input id="to" type="date" value={toDay} min={fromDay} onChange={(e) => setToDay(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="job">Job ID</label>
          <input
            id="job"
            type="search"
            value={jobId}
            placeholder="All jobs"
            onChange={(e) => setJobId(e.target.value)}
          />
        </div>
      </form>
      {!valid ? (
        <p className="state error" role="alert">
          Pick a start date on or before the end date.
        </p>
      ) : summary.isPending ? (
        <Loading what="the figures" />
      ) : summary.isError ? (
        <ErrorMessage error={summary.error} title="The figures could not be loaded" />
      ) : (
        <>
          <section className="tiles" aria-label="Figures">
            <p className="tile">
              <span className="value">{summary.data.calls.placed}</span>
              <span className="label">Calls placed</span>
            </p>
            <p className="tile">
              <span className="value">{percent(summary.data.rates.pickup)}</span>
              <span className="label">Pickup rate</span>
            </p>
            <p className="tile">
              <span className="value">{percent(summary.data.rates.interview_scheduled)}</span>
              <span className="label">Interview rate</span>
            </p>
            <p className="tile">
              <span className="value">{formatDollars(summary.data.cost.per_interview_cents)}</span>
              <span className="label">Cost per interview</span>
            </p>
            <p className="tile">
              <span className="value">{summary.data.interviews.scheduled}</span>
              <span className="label">Interviews booked</span>
            </p>
          </section>
          <section className="panel" aria-labelledby="daily">
            <h2 id="daily">Calls per day</h2>
            {series.isPending ? (
              <Loading what="the daily series" />
            ) : series.isError ? (
              <ErrorMessage error={series.error} />
            ) : (
              <figure
                className="chart"
                aria-label={`Calls placed, connected and interviews booked per day, ${days.length} days`}
              >
                <ResponsiveContainer width="100%" height={260}>
                  <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="day" tick={{ fontSize: 12 }} interval="preserveStartEnd" />
                    <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
                    <Tooltip />
                    <Legend />
                    <Bar dataKey="placed" name="Placed" fill="#1f5fbf" />
                    <Bar dataKey="connected" name="Connected" fill="#5a9be0" />
                    <Bar dataKey="interviews_scheduled" name="Interviews" fill="#1d6b3a" />
                  </BarChart>
                </ResponsiveContainer>
              </figure>
            )}
          </section>
          <div className="columns">
            <section className="panel" aria-label="Outcomes">
              <Bars title="Outcomes" counts={summary.data.outcomes} />
            </section>
            <section className="panel" aria-label="Disconnection reasons">
              <Bars title="Disconnection reasons" counts={summary.data.disconnection_reasons} />
            </section>
          </div>
          <section className="panel" aria-labelledby="heat">
            <h2 id="heat">Booked interviews by weekday and hour</h2>
            <p className="note">In the zone each interview was agreed in.</p>
            <HeatMap slots={summary.data.interviews.by_weekday_hour} />
          </section>
        </>
      )}
    </>
  );
}
