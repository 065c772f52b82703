// An engine that requires sign-in (as it does when its HTTP listener is not on loopback; forced
// here with --auth on): the editor asks for the admin password, then API tokens are created,
// used and revoked from the Tokens page.
import { test as base, expect } from '@playwright/test';
import { startEngine, type RunningEngine } from '../fixtures/engine';

const test = base.extend<{ secured: RunningEngine }>({
  // Playwright reads a fixture's dependencies from this (empty) destructuring.
  // eslint-disable-next-line no-empty-pattern
  secured: async ({}, use) => {
    const engine = await startEngine(['--auth', 'on', '--admin-password', 'open-sesame-42']);
    await use(engine);
    await engine.stop();
  },
});

test('sign in with the admin password, then create, use and revoke an API token', async ({
  page,
  secured,
}) => {
  await page.goto(secured.url);
  await expect(page.getByTestId('signin')).toBeVisible();
  expect((await page.request.get(`${secured.url}/api/flows`)).status()).toBe(401);

  await page.getByTestId('signin-password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong password');
  await page.screenshot({ path: test.info().outputPath('01-sign-in-refused.png') });

  await page.getByTestId('signin-password').fill('open-sesame-42');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('nav-flows')).toBeVisible();

  await page.getByTestId('nav-tokens').click();
  await page.getByTestId('token-name').fill('billing-sync');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('token-created').locator('code').textContent()) ?? '';
  expect(secret).toMatch(/^pbt_/);
  await expect(page.getByTestId('token-row')).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath('02-token-created.png') });

  // A program with the token gets in; without it, it does not.
  const withToken = await fetch(`${secured.url}/api/flows`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(withToken.status).toBe(200);

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByTestId('token-row')).toContainText('revoked');
  const revoked = await fetch(`${secured.url}/api/flows`, { headers: { authorization: `Bearer ${secret}` } });
  expect(revoked.status).toBe(401);
});
