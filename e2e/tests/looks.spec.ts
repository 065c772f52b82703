// Looks: light and dark themes (following the system until the user picks one), readable
// contrast of the main text colours in both, empty states, and keyboard reachability of the
// main navigation. Screenshots of each page in the dark theme are kept.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/engine.ts';

// The e2e project has no DOM types, so in-page code is sent as text.
const CONTRAST_IN_PAGE = `(([a, b]) => {
  const probe = document.createElement('div');
  document.body.append(probe);
  const rgb = (v) => {
    probe.style.color = 'var(' + v + ')';
    const m = /(\\d+(?:\\.\\d+)?),\\s*(\\d+(?:\\.\\d+)?),\\s*(\\d+(?:\\.\\d+)?)/.exec(getComputedStyle(probe).color);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  };
  const lum = ([r, g, bl]) => {
    const f = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(bl);
  };
  const l1 = lum(rgb(a));
  const l2 = lum(rgb(b));
  probe.remove();
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
})`;

/** WCAG contrast ratio of two colour tokens, as the browser resolves them. */
async function contrast(page: Page, fg: string, bg: string): Promise<number> {
  return page.evaluate<number>(`${CONTRAST_IN_PAGE}(${JSON.stringify([fg, bg])})`);
}

const PAIRS: [string, string, number][] = [
  ['--text', '--surface', 7],
  ['--text', '--bg', 7],
  ['--text-2', '--surface', 4.5],
  ['--text-3', '--surface', 4.5],
  ['--accent', '--surface', 4.5],
  ['--danger', '--danger-soft', 4.5],
  ['--success', '--success-soft', 4.5],
  ['--warning', '--warning-soft', 4.5],
];

test.describe('in a browser that prefers dark', () => {
  test.use({ colorScheme: 'dark' });

  test('the editor follows the system, and the toggle picks light, dark or system again', async ({
    page,
  }) => {
    await page.goto('/');
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByTestId('flows-empty')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('dark-empty-flows.png') });

    const toggle = page.getByTestId('theme-toggle');
    await expect(toggle).toHaveAttribute('data-preference', 'system');
    await toggle.click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    // The choice survives a reload.
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.getByTestId('theme-toggle').click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-preference', 'dark');
    await page.getByTestId('theme-toggle').click();
    await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-preference', 'system');
    await expect(html).toHaveAttribute('data-theme', 'dark');
  });

  test('every page has an empty state for a newcomer, in the dark theme too', async ({ page }) => {
    await page.goto('/calls');
    await expect(page.getByTestId('calls-empty')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('dark-empty-calls.png') });
    await page.goto('/overview');
    await expect(page.getByTestId('overview-empty')).toBeVisible();
    await expect(page.getByTestId('active-calls')).toHaveText('0');
    await page.screenshot({ path: test.info().outputPath('dark-empty-overview.png') });
    await page.goto('/flows/nope/versions');
    await expect(page.getByTestId('flow-not-found')).toBeVisible();
  });

  test('the flow editor in the dark theme', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('new-flow-name').fill('Dark flow');
    await page.getByTestId('create-flow').click();
    await expect(page.getByTestId('flow-editor')).toBeVisible();
    await page.getByTestId('palette-item-relay').dblclick();
    await page.screenshot({ path: test.info().outputPath('dark-editor.png') });
  });
});

for (const theme of ['light', 'dark'] as const)
  test(`text colours are readable in the ${theme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    for (const [fg, bg, min] of PAIRS)
      expect(await contrast(page, fg, bg), `${fg} on ${bg}`).toBeGreaterThanOrEqual(min);
  });

test('the main navigation and the theme toggle are reachable by keyboard', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('nav-flows')).toBeVisible();
  const reached: string[] = [];
  // Where Tab starts depends on what has focus once the page has loaded (and the page's own
  // controls come after the navigation): press it until the toggle is reached, or 20 times.
  for (let i = 0; i < 20 && !reached.includes('theme-toggle'); i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate<string>("document.activeElement?.getAttribute('data-testid') ?? ''");
    reached.push(id);
  }
  for (const id of ['nav-flows', 'nav-calls', 'nav-overview', 'theme-toggle']) expect(reached).toContain(id);
  await page.keyboard.press('Shift+Tab');
  // Enter on a focused link follows it.
  await page.getByTestId('nav-overview').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/overview$/);
});
