// The frame around every page: brand, the two sections, and whether the engine answers.
import { Link, Outlet, useLocation } from 'react-router-dom';
import { AuthGate } from '../auth/auth-gate';
import { EngineStatus } from './engine-status';
import { Logo } from './logo';
import { ThemeToggle } from './theme-toggle';

export function AppShell() {
  const { pathname } = useLocation();
  // "/" lists the flows and "/flows/:id" edits one: both belong to the Flows section.
  const section = pathname.startsWith('/calls')
    ? 'calls'
    : pathname.startsWith('/overview')
      ? 'overview'
      : pathname.startsWith('/settings')
        ? 'settings'
        : 'flows';
  return (
    <AuthGate>
      <div className="shell">
        <header className="topnav">
          <Link to="/" className="brand">
            <Logo />
            Patchbay
          </Link>
          <nav className="topnav__links" aria-label="Main">
            <Link
              to="/"
              className={navClass(section === 'flows')}
              aria-current={section === 'flows' ? 'page' : undefined}
              data-testid="nav-flows"
            >
              Flows
            </Link>
            <Link
              to="/calls"
              className={navClass(section === 'calls')}
              aria-current={section === 'calls' ? 'page' : undefined}
              data-testid="nav-calls"
            >
              Calls
            </Link>
            <Link
              to="/overview"
              className={navClass(section === 'overview')}
              aria-current={section === 'overview' ? 'page' : undefined}
              data-testid="nav-overview"
            >
              Overview
            </Link>
          </nav>
          <div className="topnav__end">
            <Link to="/settings/tokens" className={navClass(section === 'settings')} data-testid="nav-tokens">
              Tokens
            </Link>
            <ThemeToggle />
            <EngineStatus />
          </div>
        </header>
        <main className="shell__main">
          <Outlet />
        </main>
      </div>
    </AuthGate>
  );
}

function navClass(active: boolean): string {
  return active ? 'topnav__link topnav__link--active' : 'topnav__link';
}
