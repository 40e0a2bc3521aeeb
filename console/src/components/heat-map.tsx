import type { Schemas } from '../api/client';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Booked interviews by weekday (rows) and local hour (columns); each cell says its count. */
export function HeatMap({ slots }: { slots: Schemas['AnalyticsInterviewSlot'][] }) {
  const count = new Map(slots.map((s) => [`${s.weekday}-${s.hour}`, s.count]));
  const max = Math.max(1, ...slots.map((s) => s.count));
  return (
    <div className="heat-wrap" role="region" aria-label="Interviews by weekday and hour" tabIndex={0}>
      <table className="heat">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Weekday</span>
            </th>
            {HOURS.map((h) => (
              <th scope="col" key={h}>
                {String(h).padStart(2, '0')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((day, i) => (
            <tr key={day}>
              <th scope="row">{day.slice(0, 3)}</th>
              {HOURS.map((h) => {
                const n = count.get(`${i + 1}-${h}`) ?? 0;
                return (
                  <td key={h} style={n ? { background: `hsl(140 45% ${82 - (27 * n) / max}%)` } : undefined}>
                    {n ? n : <span className="sr-only">0</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
