// System → Light → Dark → System: one button in the top bar, saying what it is set to.
import { setThemePreference, useTheme, type ThemePreference } from '../ui/theme';

const NEXT: Record<ThemePreference, ThemePreference> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const ICON: Record<ThemePreference, string> = { system: '◐', light: '☀', dark: '☾' };

export function ThemeToggle() {
  const { preference } = useTheme();
  return (
    <button
      type="button"
      className="theme-toggle"
      onClick={() => setThemePreference(NEXT[preference])}
      title={`Theme: ${LABEL[preference]} (click for ${LABEL[NEXT[preference]]})`}
      aria-label={`Theme: ${LABEL[preference]}. Switch to ${LABEL[NEXT[preference]]}.`}
      data-testid="theme-toggle"
      data-preference={preference}
    >
      <span aria-hidden="true">{ICON[preference]}</span> {LABEL[preference]}
    </button>
  );
}
