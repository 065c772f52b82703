// The test panel: run the shared fixture (Start → Relay —failed→ Respond 486) on example SIP
// requests with chosen relay outcomes, watch the path light up, open a step, and get a clear
// answer for a request that is not SIP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { node } from '../fixtures/canvas.ts';
import { expect, repoRoot, test } from '../fixtures/engine.ts';

const fixture = JSON.parse(
  readFileSync(join(repoRoot, 'shared/src/compiler/fixtures/relay-with-busy.flow.json'), 'utf8'),
) as { id: string };

test('simulate a call with chosen outcomes and watch the path', async ({ page, request }) => {
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(name) });
  expect((await request.post('/api/flows', { data: fixture })).status()).toBe(201);
  await page.goto(`/flows/${fixture.id}`);
  await expect(node(page, 'relay')).toBeVisible();

  await page.getByTestId('open-test').click();
  const panel = page.getByTestId('test-panel');
  await expect(panel).toBeVisible();

  await test.step('INVITE with SDP, the relay gets 486: Start → Relay → Respond, caller gets 486', async () => {
    await page.getByTestId('test-example').selectOption('invite-sdp');
    await expect(page.getByTestId('test-request')).toHaveValue(/^INVITE sip:bob@example.com SIP\/2.0/);
    await expect(page.getByTestId('test-request')).toHaveValue(/m=audio/);
    await page.getByTestId('test-outcome-relay').selectOption('486');
    await page.getByTestId('test-run').click();
    const result = page.getByTestId('test-result');
    // The steps appear one at a time.
    await expect(result).toHaveAttribute('data-finished', 'false');
    await expect(result).toHaveAttribute('data-finished', 'true');
    await expect(panel.getByTestId('step')).toHaveCount(3);
    await expect(page.getByTestId('test-final')).toContainText('486 Busy Here');
    for (const id of ['start', 'relay', 'busy'])
      await expect(node(page, id)).toHaveAttribute('data-path', 'true');
    await expect(page.locator('.react-flow__edge[data-id="e2"]')).toHaveAttribute('data-path', 'true');
    await panel.locator('[data-testid="step"][data-node-id="relay"]').click();
    await expect(panel.getByTestId('step-detail')).toContainText('failed');
    await expect(node(page, 'relay')).toHaveClass(/trace-selected/);
    await shot('01-simulated-busy.png');
  });

  await test.step('the relay answers 200: the path stops at the relay', async () => {
    await page.getByTestId('test-outcome-relay').selectOption('200');
    await page.getByTestId('test-run').click();
    await expect(page.getByTestId('test-result')).toHaveAttribute('data-finished', 'true');
    await expect(page.getByTestId('test-final')).toContainText('200 OK');
    await expect(panel.getByTestId('step')).toHaveCount(2);
    await expect(node(page, 'busy')).toHaveAttribute('data-path', 'false');
    await shot('02-simulated-answered.png');
  });

  await test.step('OPTIONS is not taken live by an INVITE flow, and the panel says so', async () => {
    await page.getByTestId('test-example').selectOption('options');
    await page.getByTestId('test-run').click();
    await expect(page.getByTestId('test-result')).toHaveAttribute('data-finished', 'true');
    await expect(page.getByTestId('test-not-matched')).toBeVisible();
  });

  await test.step('a request that is not SIP gets a clear answer', async () => {
    await page.getByTestId('test-request').fill('hello there');
    await page.getByTestId('test-run').click();
    await expect(page.getByTestId('test-error')).toHaveAttribute('data-code', 'SIP_INVALID');
    await expect(page.getByTestId('test-error')).toContainText('not a SIP request');
    await shot('03-not-sip.png');
  });

  await test.step('closing the panel clears the path', async () => {
    await page.getByTestId('test-close').click();
    await expect(page.getByTestId('test-panel')).toHaveCount(0);
    await expect(node(page, 'relay')).not.toHaveAttribute('data-path', 'true');
  });
});
