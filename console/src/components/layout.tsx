import { NavLink, Outlet, useLocation } from 'react-router';
import { forgetKey } from '../auth';
import { VIEWER_ZONE } from '../format';
import { useLiveState } from '../live';
import { ErrorBoundary } from './error-boundary';

const PAGES = [
  ['/', 'Candidates'],
  ['/campaigns', 'Campaigns'],
  ['/interviews', 'Interviews'],
  ['/deliveries', 'Deliveries'],
  ['/analytics', 'Analytics'],
] as const;

/** Header with the navigation and "Sign out", then the page. */
export function Layout() {
  const { pathname } = useLocation();
  const live = useLiveState();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Retell ATS</span>
        <nav aria-label="Pages">
          {PAGES.map(([to, label]) => (
            <NavLink key={to} to={to} end={to === '/'}>
              {label}
            </NavLink>
          ))}
        </nav>
        <button type="button" className="secondary" onClick={forgetKey} title="Signs out every tab of this browser">
          Sign out
        </button>
      </header>
      <main id="main">
        <ErrorBoundary key={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
      <footer className="foot">
        Times in your zone: {VIEWER_ZONE} ·{' '}
        <span role="status">
          {live === 'live'
            ? 'Live: changes show as they happen'
            : live === 'connecting'
              ? 'Connecting to live updates…'
              : 'Live updates interrupted: reconnecting (reload to refresh now)'}
        </span>
      </footer>
    </>
  );
}
