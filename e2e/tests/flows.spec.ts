// The flow list: what a newcomer sees, and create / open / delete.
import { node } from '../fixtures/canvas.ts';
import { expect, test } from '../fixtures/engine.ts';

// Each test starts with no flows, whatever the previous one left behind.
test.beforeEach(async ({ request }) => {
  const res = await request.get('/api/flows');
  const { flows } = (await res.json()) as { flows: { id: string }[] };
  for (const flow of flows) expect((await request.delete(`/api/flows/${flow.id}`)).status()).toBe(204);
});

test('with no flows, the list tells a newcomer what to do', async ({ page }) => {
  await page.goto('/');
  const empty = page.getByTestId('flows-empty');
  await expect(empty).toBeVisible();
  await expect(empty).toContainText('No flows yet');
  await expect(empty).toContainText('Create flow');
  await expect(page.getByTestId('engine-status')).toContainText('Engine');
  await page.screenshot({ path: test.info().outputPath('empty-state.png') });
});

test('create, open and delete a flow', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('new-flow-name').fill('Main trunk');
  await expect(page.getByTestId('new-flow-id')).toHaveValue('main-trunk');
  await page.getByTestId('create-flow').click();

  await expect(page).toHaveURL(/\/flows\/main-trunk$/);
  await expect(page.getByTestId('toolbar')).toContainText('Main trunk');
  await expect(node(page, 'start')).toBeVisible();
  await expect(page.getByTestId('deploy-status')).toHaveText('Not deployed yet');

  await page.getByTestId('nav-flows').click();
  const row = page.locator('[data-testid="flow-row"][data-flow-id="main-trunk"]');
  await expect(row).toBeVisible();
  await expect(row).toContainText('not deployed');
  await page.screenshot({ path: test.info().outputPath('flow-list.png') });

  await row.getByTestId('flow-open').click();
  await expect(page).toHaveURL(/\/flows\/main-trunk$/);
  await expect(node(page, 'start')).toBeVisible();

  await page.getByTestId('nav-flows').click();
  await row.getByTestId('flow-delete').click();
  await row.getByTestId('flow-delete-confirm').click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('flows-empty')).toBeVisible();
});

test('an id that is taken is refused with a clear message', async ({ page, request }) => {
  const created = await request.post('/api/flows', {
    data: { schema: 1, id: 'taken', name: 'Taken', nodes: [], edges: [] },
  });
  expect(created.status()).toBe(201);

  await page.goto('/');
  await page.getByTestId('new-flow-name').fill('Another');
  await page.getByTestId('new-flow-id').fill('taken');
  await page.getByTestId('create-flow').click();
  await expect(page.getByTestId('new-flow-error')).toContainText('exists already');
  await expect(page).toHaveURL(/\/$/);
});

test('an unknown flow id says so', async ({ page }) => {
  await page.goto('/flows/no-such-flow');
  await expect(page.getByTestId('flow-not-found')).toBeVisible();
});

test('leaving a flow with unsaved changes asks first', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('new-flow-name').fill('Guarded');
  await page.getByTestId('create-flow').click();
  await expect(node(page, 'start')).toBeVisible();

  await node(page, 'start').click();
  await page.getByTestId('field-methods-OPTIONS').check();
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');

  page.once('dialog', (dialog) => void dialog.dismiss());
  await page.getByTestId('nav-calls').click();
  await expect(page).toHaveURL(/\/flows\/guarded$/);

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  await page.getByTestId('nav-calls').click();
  await expect(page).toHaveURL(/\/calls$/);
});
