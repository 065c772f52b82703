// Light and dark themes: the user's choice (system, light or dark) is kept in localStorage; the
// resolved theme is set as data-theme on <html>, where theme-dark.css picks it up.
import { useSyncExternalStore } from 'react';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'patchbay.theme';
const listeners = new Set<() => void>();
const media = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

function readPreference(): ThemePreference {
  try {
    const value = window.localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

let preference: ThemePreference = typeof window !== 'undefined' ? readPreference() : 'system';

export function resolveTheme(pref: ThemePreference, systemDark: boolean): Theme {
  return pref === 'system' ? (systemDark ? 'dark' : 'light') : pref;
}

function resolved(): Theme {
  return resolveTheme(preference, media?.matches ?? false);
}

function apply(): void {
  document.documentElement.dataset['theme'] = resolved();
  for (const l of listeners) l();
}

/** Set the theme on <html> before the first render, and follow the system while on "system". */
export function initTheme(): void {
  apply();
  media?.addEventListener('change', apply);
}

export function setThemePreference(next: ThemePreference): void {
  preference = next;
  try {
    if (next === 'system') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  apply();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useTheme(): { preference: ThemePreference; theme: Theme } {
  const pref = useSyncExternalStore(subscribe, () => preference);
  const theme = useSyncExternalStore(subscribe, resolved);
  return { preference: pref, theme };
}
