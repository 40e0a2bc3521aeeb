/** Counts as labelled horizontal bars, largest first: readable as text, no chart needed. */
export function Bars({ title, counts }: { title: string; counts: Record<string, number> }) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  return (
    <figure className="bars">
      <figcaption>{title}</figcaption>
      {entries.length === 0 ? (
        <p className="note">No analysed call in this range.</p>
      ) : (
        <ul className="plain">
          {entries.map(([label, n]) => (
            <li key={label}>
              <span className="bar-label">{label.replace(/_/g, ' ')}</span>
              <span className="bar" style={{ width: `${(100 * n) / max}%` }} aria-hidden="true" />
              <span className="bar-value">{n}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
