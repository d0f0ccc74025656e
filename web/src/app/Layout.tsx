import { OrgOptions } from '../components/ui/OrgOptions.tsx';
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { pagePaths } from '../lib/paths.ts';
import { useTheme, type ThemeChoice } from '../lib/theme.ts';
import { TransportSetting } from '../features/live/components/TransportSetting.tsx';
import { AlertBanner } from '../features/alerts/components/AlertBanner.tsx';
import { roleLabel, signOut, switchOrg, useSignedInMe } from './session.ts';

export function Layout({ children }: { children: ReactNode }) {
  const me = useSignedInMe();
  const [theme, setTheme] = useTheme();
  const queryClient = useQueryClient();
  const canSeeHealth = me.role !== 'member';

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href={pagePaths.reviews()}>
          Reviewtrace
        </a>
        <nav aria-label="Main">
          <NavLink to={pagePaths.reviews()} end={false}>
            Reviews
          </NavLink>
          {canSeeHealth && <NavLink to={pagePaths.health()}>Health</NavLink>}
          <NavLink to={pagePaths.settings()}>Settings</NavLink>
        </nav>
        <div className="topbar-end">
          {me.orgs.length > 1 ? (
            <label className="org-switcher">
              <span className="visually-hidden">Organization</span>
              <select value={me.orgId} onChange={(e) => switchOrg(Number(e.target.value))} aria-label="Organization">
                <OrgOptions orgs={me.orgs} />
              </select>
            </label>
          ) : (
            <span className="org-name">{me.orgs[0]?.name}</span>
          )}
          <span
            className="who"
            title={`${roleLabel[me.role]} in ${me.orgs.find((o) => o.id === me.orgId)?.name ?? me.orgId}`}
          >
            {me.email} · {roleLabel[me.role]}
          </span>
          <label>
            <span className="visually-hidden">Theme</span>
            <select value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)} aria-label="Theme">
              <option value="system">System theme</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          <TransportSetting />
          <button
            type="button"
            onClick={async () => {
              await signOut();
              queryClient.clear();
              window.location.assign('/');
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <AlertBanner enabled={me.permissions.manageSettings} />
      <main id="main">{children}</main>
    </>
  );
}
