// Versions and rollback, import and export: from an empty database, import a .flow.json, deploy
// it, rename it and change the relay, deploy again, compare the two versions on the canvas, roll
// back to the first, export the flow and duplicate it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { node } from '../fixtures/canvas.ts';
import { expect, repoRoot, test } from '../fixtures/engine.ts';

const FIXTURE = join(repoRoot, 'shared/src/compiler/fixtures/relay-with-busy.flow.json');

test('import, deploy twice, compare, roll back, export and duplicate', async ({ page, request }) => {
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(name) });

  await test.step('a file that is not a flow is refused with the reason', async () => {
    await page.goto('/');
    await expect(page.getByTestId('flows-empty')).toBeVisible();
    await page.getByTestId('import-flow-file').setInputFiles({
      name: 'broken.flow.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"schema": 1, "id": "x"'),
    });
    await expect(page.getByTestId('flows-notice')).toContainText('not JSON');
  });

  await test.step('import the fixture: it is listed', async () => {
    await page.getByTestId('import-flow-file').setInputFiles(FIXTURE);
    await expect(page.getByTestId('flows-notice')).toContainText('Imported “Main trunk”');
    await expect(page.locator('[data-testid="flow-row"][data-flow-id="main-trunk"]')).toBeVisible();
    // The same file again gets a free id rather than overwriting.
    await page.getByTestId('import-flow-file').setInputFiles(FIXTURE);
    await expect(page.getByTestId('flows-notice')).toContainText('imported as “main-trunk-2”');
    await expect(page.getByTestId('flow-row')).toHaveCount(2);
    await shot('01-imported.png');
  });

  await test.step('deploy v1, then rename the flow, change the relay and deploy v2', async () => {
    await page
      .locator('[data-testid="flow-row"][data-flow-id="main-trunk"]')
      .getByTestId('flow-open')
      .click();
    await expect(node(page, 'relay')).toBeVisible();
    await page.getByTestId('deploy').click();
    await expect(page.getByTestId('deploy-status')).toHaveText('Deployed v1');

    await page.getByTestId('flow-name').click();
    await page.getByTestId('flow-name-input').fill('Main trunk (new PBX)');
    await page.getByTestId('flow-name-input').press('Enter');
    await expect(page.getByTestId('flow-name')).toHaveText(/Main trunk \(new PBX\)/);
    await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');

    await node(page, 'relay').click();
    await page.getByTestId('field-target').fill('sip:pbx2.example.net:5060');
    await page.getByTestId('deploy').click();
    await expect(page.getByTestId('deploy-status')).toHaveText('Deployed v2');
    await expect(page.getByTestId('save-state')).toHaveText('Saved');
  });

  await test.step('export downloads the flow as .flow.json', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-flow').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('main-trunk.flow.json');
    const doc = JSON.parse(readFileSync(await file.path(), 'utf8')) as {
      name: string;
      nodes: { id: string; params: Record<string, unknown> }[];
    };
    expect(doc.name).toBe('Main trunk (new PBX)');
    expect(doc.nodes.find((n) => n.id === 'relay')?.params['target']).toBe('sip:pbx2.example.net:5060');
  });

  await test.step('the versions page lists both, v2 live, and draws the difference', async () => {
    await page.getByTestId('open-versions').click();
    await expect(page).toHaveURL(/\/flows\/main-trunk\/versions$/);
    await expect(page.getByTestId('version-row')).toHaveCount(2);
    await expect(page.locator('[data-testid="version-row"][data-version="2"]')).toHaveAttribute(
      'data-active',
      'true',
    );
    // Each version says when it was deployed and by whom (the API is open on loopback: "local").
    await expect(
      page.locator('[data-testid="version-row"][data-version="2"]').getByTestId('version-deployed'),
    ).toContainText('by local');
    // Default comparison: v1 → v2. The relay changed, nothing was added or removed.
    await expect(page.getByTestId('compare-before')).toHaveValue('1');
    await expect(page.getByTestId('compare-after')).toHaveValue('2');
    const canvas = page.getByTestId('diff-canvas');
    await expect(canvas.locator('.react-flow__node[data-id="relay"]')).toHaveAttribute(
      'data-diff',
      'changed',
    );
    await expect(canvas.locator('.react-flow__node[data-id="busy"]')).toHaveAttribute('data-diff', 'same');
    await expect(page.locator('[data-testid="diff-node"][data-node-id="relay"]')).toContainText(
      'params.target',
    );
    await expect(page.getByTestId('diff-list')).toContainText('name changed');
    await shot('02-versions-diff.png');
  });

  await test.step('roll back to v1: it is live again', async () => {
    const v1 = page.locator('[data-testid="version-row"][data-version="1"]');
    await v1.getByTestId('version-activate').click();
    await v1.getByTestId('version-activate-confirm').click();
    await expect(page.getByTestId('versions-message')).toContainText('Version 1 is live now');
    await expect(v1).toHaveAttribute('data-active', 'true');
    await expect(page.locator('[data-testid="version-row"][data-version="2"]')).toHaveAttribute(
      'data-active',
      'false',
    );
    const res = await request.get('/api/flows/main-trunk/versions');
    const { versions } = (await res.json()) as { versions: { version: number; active: boolean }[] };
    expect(versions.find((v) => v.active)?.version).toBe(1);
    await shot('03-rolled-back.png');
  });

  await test.step('duplicate makes an independent copy', async () => {
    await page.getByTestId('nav-flows').click();
    const row = page.locator('[data-testid="flow-row"][data-flow-id="main-trunk"]');
    await expect(row).toContainText('v1');
    await row.getByTestId('flow-duplicate').click();
    await expect(page.getByTestId('flows-notice')).toContainText('as “main-trunk-copy”');
    const copy = page.locator('[data-testid="flow-row"][data-flow-id="main-trunk-copy"]');
    await expect(copy).toContainText('Main trunk (new PBX) (copy)');
    await expect(copy).toContainText('not deployed');
    await shot('04-duplicated.png');
  });
});
