import { NavLink, Outlet } from 'react-router';
import { forgetKey } from '../auth';
import { VIEWER_ZONE } from '../format';

const PAGES = [
  ['/', 'Candidates'],
  ['/interviews', 'Interviews'],
  ['/deliveries', 'Deliveries'],
  ['/analytics', 'Analytics'],
] as const;

/** Header with the navigation and "Sign out", then the page. */
export function Layout() {
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
        <button type="button" className="secondary" onClick={forgetKey}>
          Sign out
        </button>
      </header>
      <main id="main">
        <Outlet />
      </main>
      <footer className="foot">Times in your zone: {VIEWER_ZONE}</footer>
    </>
  );
}
