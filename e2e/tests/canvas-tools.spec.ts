// Canvas tools: palette search, undo/redo, copy/paste, select all + delete, automatic layout
// and the keyboard shortcuts overlay, on the shared compiler fixture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { box, node } from '../fixtures/canvas.ts';
import { expect, repoRoot, test } from '../fixtures/engine.ts';

const fixture = JSON.parse(
  readFileSync(join(repoRoot, 'shared/src/compiler/fixtures/relay-with-busy.flow.json'), 'utf8'),
) as { id: string; nodes: { id: string; position: { x: number; y: number } }[] };

test('search the palette, undo and redo, copy and paste, arrange, and see the shortcuts', async ({
  page,
  request,
}) => {
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(name) });
  // Piled up: every node at the same spot, for the layout to sort out.
  const piled = {
    ...fixture,
    nodes: fixture.nodes.map((n, i) => ({ ...n, position: { x: i * 20, y: i * 20 } })),
  };
  expect((await request.post('/api/flows', { data: piled })).status()).toBe(201);
  await page.goto(`/flows/${fixture.id}`);
  await expect(node(page, 'relay')).toBeVisible();

  await test.step('search the palette and add the first match with Enter', async () => {
    const search = page.getByTestId('palette-search');
    await search.fill('zzz-nothing');
    await expect(page.getByTestId('palette-none')).toBeVisible();
    await search.fill('respond');
    await expect(page.getByTestId('palette-item-respond')).toBeVisible();
    await expect(page.getByTestId('palette-item-relay')).toHaveCount(0);
    await shot('01-palette-search.png');
    await search.press('Enter');
    await expect(node(page, 'respond-1')).toBeVisible();
    await search.fill('');
  });

  await test.step('undo and redo the add, with the buttons and the keyboard', async () => {
    await page.getByTestId('undo').click();
    await expect(node(page, 'respond-1')).toHaveCount(0);
    await page.getByTestId('redo').click();
    await expect(node(page, 'respond-1')).toBeVisible();
    await node(page, 'respond-1').click();
    await page.keyboard.press('Control+z');
    await expect(node(page, 'respond-1')).toHaveCount(0);
    await page.keyboard.press('Control+Shift+z');
    await expect(node(page, 'respond-1')).toBeVisible();
  });

  await test.step('arrange lays the flow out left to right', async () => {
    await page.getByTestId('auto-layout').click();
    await expect
      .poll(async () => {
        const [s, r, b] = await Promise.all(['start', 'relay', 'busy'].map((id) => box(node(page, id))));
        return s!.x + s!.width <= r!.x && r!.x + r!.width <= b!.x;
      })
      .toBe(true);
    await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
    await shot('02-arranged.png');
  });

  await test.step('copy and paste the relay: a new relay, selected', async () => {
    await node(page, 'relay').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect(node(page, 'relay-1')).toBeVisible();
    await expect(node(page, 'relay-1')).toHaveClass(/selected/);
    await page.keyboard.press('Control+z');
    await expect(node(page, 'relay-1')).toHaveCount(0);
  });

  await test.step('select all and delete, then undo it in one step', async () => {
    await page
      .getByTestId('canvas')
      .locator('.react-flow__pane')
      .click({ position: { x: 20, y: 300 } });
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(page.locator('.react-flow__node')).toHaveCount(4);
  });

  await test.step('? shows the shortcuts; Escape closes them', async () => {
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcuts-help');
    await expect(help).toBeVisible();
    await expect(help.locator('[data-testid="shortcut"][data-action="undo"]')).toContainText('Ctrl+Z');
    await expect(help.locator('[data-testid="shortcut"][data-action="layout"]')).toBeVisible();
    await shot('03-shortcuts.png');
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);
  });
});
