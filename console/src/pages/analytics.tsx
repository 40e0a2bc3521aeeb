/** Analytics: waits for the analytics API (issue 9). */
export function AnalyticsPage() {
  return (
    <>
      <h1>Analytics</h1>
      <p className="state empty">Analytics will appear here once the service offers its analytics API.</p>
    </>
  );
}
