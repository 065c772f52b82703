// Editing on the canvas: add from the palette without dragging, one edge per port, delete with
// the keyboard, live validation in the inspector, save. The flow is the shared compiler fixture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { box, connect, edge, moveNode, node } from '../fixtures/canvas.ts';
import { expect, repoRoot, test } from '../fixtures/engine.ts';

const fixture = JSON.parse(
  readFileSync(join(repoRoot, 'shared/src/compiler/fixtures/relay-with-busy.flow.json'), 'utf8'),
) as { id: string };

test.beforeEach(async ({ request }) => {
  // Each test starts from the fixture as stored: replace whatever the previous test saved.
  await request.delete(`/api/flows/${fixture.id}`);
  const res = await request.post('/api/flows', { data: fixture });
  expect(res.status()).toBe(201);
});

async function open(page: Page) {
  await page.goto(`/flows/${fixture.id}`);
  await expect(node(page, 'relay')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
}

test('connecting a port again replaces its edge', async ({ page }) => {
  await open(page);
  await page.getByTestId('palette-item-respond').dblclick();
  await expect(node(page, 'respond-1')).toBeVisible();
  // Move the new node clear of the others so that its input can be reached.
  const busy = await box(node(page, 'busy'));
  await moveNode(page, 'respond-1', { x: busy.x + busy.width / 2, y: busy.y + busy.height + 140 });

  await connect(page, 'relay', 'failed', 'respond-1');
  await expect(edge(page, 'relay-failed')).toBeAttached();
  await expect(edge(page, 'e2')).toHaveCount(0);
  // The old target is now off every path: a warning on it, not an error.
  await expect(node(page, 'busy').getByTestId('node-warning')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  await node(page, 'relay').click();
  await expect(page.getByTestId('port-failed')).toContainText('respond-1');
  await page.screenshot({ path: test.info().outputPath('port-replaced.png') });
});

test('Delete removes the selected node with its edges, Backspace the selected edge', async ({ page }) => {
  await open(page);
  await node(page, 'busy').click();
  await page.keyboard.press('Delete');
  await expect(node(page, 'busy')).toHaveCount(0);
  await expect(edge(page, 'e2')).toHaveCount(0);

  await edge(page, 'e1').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Backspace');
  await expect(edge(page, 'e1')).toHaveCount(0);
  await expect(node(page, 'start').getByTestId('node-error')).toBeVisible();
  await expect(page.locator('[data-testid="issue"][data-node-id="start"]')).toHaveAttribute(
    'data-code',
    'PORT_NOT_CONNECTED',
  );
});

test('the inspector validates as you type and the change survives a reload', async ({ page }) => {
  await open(page);
  await node(page, 'busy').click();
  await expect(page.getByTestId('inspector')).toContainText('Respond');

  await page.getByTestId('field-code').fill('200');
  await expect(node(page, 'busy').getByTestId('node-error')).toBeVisible();
  await expect(page.getByTestId('field-error-code')).toBeVisible();
  await expect(page.getByTestId('field-code')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-testid="issue"][data-node-id="busy"]')).toHaveAttribute(
    'data-code',
    'PARAM_INVALID',
  );
  await expect(page.getByTestId('issues-panel')).toHaveAttribute('data-errors', '1');

  await page.getByTestId('field-code').fill('603');
  await page.getByTestId('field-reason').fill('Decline');
  await expect(node(page, 'busy').getByTestId('node-error')).toHaveCount(0);
  await expect(node(page, 'busy')).toContainText('603');
  await page.screenshot({ path: test.info().outputPath('inspector.png') });

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  await page.reload();
  await node(page, 'busy').click();
  await expect(page.getByTestId('field-code')).toHaveValue('603');
  await expect(page.getByTestId('field-reason')).toHaveValue('Decline');
});

test('the CEL editor completes context fields and type-checks as you type', async ({ page }) => {
  await open(page);
  await page.getByTestId('palette-item-condition').dblclick();
  await expect(node(page, 'condition-1')).toBeVisible();
  await node(page, 'condition-1').click();
  const cel = page.locator('[data-field="expression"]').getByTestId('cel-input');
  await cel.fill('');
  await cel.pressSequentially('request.uri.');
  const menu = page.getByTestId('cel-completions');
  await expect(menu).toContainText('user');
  await cel.pressSequentially('us');
  await expect(menu.getByRole('option')).toHaveText([/user/]);
  await cel.press('Tab');
  await expect(cel).toHaveValue('request.uri.user');
  // A string is not a condition: the type check says so before any deploy.
  await expect(page.locator('[data-field="expression"]').getByTestId('cel-status')).not.toContainText('✓');
  await cel.pressSequentially(' == "alice"');
  await expect(page.locator('[data-field="expression"]').getByTestId('cel-status')).toHaveText('✓ bool');
  await expect(page.locator('[data-field="expression"] .cel-tok--string')).toHaveText('"alice"');
  await page.screenshot({ path: test.info().outputPath('cel-editor.png') });
});
