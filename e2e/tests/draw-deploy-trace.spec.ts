// The main journey: from an empty database, draw Start → Relay —failed→ Respond in the browser,
// see a bad target refused with the error on the node, fix it and deploy, place one SIPp call
// that the target answers 486, and find the call with its path and SIP ladder.
import {
  killAllSipp,
  runSipp,
  startSippUas,
  type SippProcess,
} from '../../apps/engine/test/sipp/sipp-runner.ts';
import { box, connect, dropFromPalette, edge, node } from '../fixtures/canvas.ts';
import { expect, test } from '../fixtures/engine.ts';

let uas: SippProcess | undefined;

test.afterEach(async () => {
  await uas?.stop();
  uas = undefined;
  await killAllSipp();
});

test('draw a flow, deploy it, place a call and trace it', async ({ page, engine }) => {
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(name) });

  await test.step('start from an empty flow list', async () => {
    await page.goto('/');
    await expect(page.getByTestId('flows-empty')).toBeVisible();
    await shot('01-empty-flow-list.png');
  });

  await test.step('create a flow: it opens with a Start node', async () => {
    await page.getByTestId('new-flow-name').fill('Busy fallback');
    await expect(page.getByTestId('new-flow-id')).toHaveValue('busy-fallback');
    await page.getByTestId('create-flow').click();
    await expect(page).toHaveURL(/\/flows\/busy-fallback$/);
    await expect(node(page, 'start')).toBeVisible();
  });

  await test.step('drag a Relay and a Respond from the palette and connect them', async () => {
    const start = await box(node(page, 'start'));
    await dropFromPalette(page, 'relay', { x: start.x + start.width + 200, y: start.y + 30 });
    await expect(node(page, 'relay-1')).toBeVisible();
    const relay = await box(node(page, 'relay-1'));
    await dropFromPalette(page, 'respond', { x: relay.x + relay.width + 190, y: relay.y + 170 });
    await expect(node(page, 'respond-1')).toBeVisible();

    await connect(page, 'start', 'next', 'relay-1');
    await expect(edge(page, 'start-next')).toBeAttached();
    await connect(page, 'relay-1', 'failed', 'respond-1');
    await expect(edge(page, 'relay-1-failed')).toBeAttached();
    await shot('02-flow-drawn.png');
  });

  await test.step('a target that is not a SIP URI is refused, and the relay says why', async () => {
    await node(page, 'relay-1').click();
    await page.getByTestId('field-target').fill('pbx without scheme');
    await page.getByTestId('deploy').click();
    await expect(page.getByTestId('deploy-status')).toContainText('Deploy refused');
    await expect(node(page, 'relay-1').getByTestId('node-error')).toBeVisible();
    await expect(page.getByTestId('field-error-target')).toBeVisible();
    const relayIssue = page.locator('[data-testid="issue"][data-node-id="relay-1"]');
    await expect(relayIssue).toHaveCount(1);
    await expect(relayIssue).toHaveAttribute('data-code', 'PARAM_INVALID');
    await node(page, 'relay-1').getByTestId('node-error').hover();
    await shot('03-deploy-refused.png');

    // Clicking the issue selects the relay (after selecting something else) and focuses its field.
    await node(page, 'respond-1').click();
    await relayIssue.click();
    await expect(page.getByTestId('field-target')).toBeFocused();
  });

  await test.step('point the relay at a busy SIPp UAS, set Respond 486, deploy', async () => {
    uas = await startSippUas({ scenario: 'uas-busy.xml' });
    await page.getByTestId('field-target').fill(`sip:busy@127.0.0.1:${uas.port}`);
    await expect(node(page, 'relay-1').getByTestId('node-error')).toHaveCount(0);

    await node(page, 'respond-1').click();
    await page.getByTestId('field-code').fill('486');
    await page.getByTestId('field-reason').fill('Busy Here');

    await page.getByTestId('deploy').click();
    await expect(page.getByTestId('deploy-status')).toHaveText(/Deployed v\d+/);
    await expect(page.getByTestId('save-state')).toHaveText('Saved');
    await expect(page.getByTestId('issues-panel')).toHaveAttribute('data-errors', '0');
    await shot('04-deployed.png');
  });

  await test.step('place one call: the caller gets 486', async () => {
    const result = await runSipp({
      scenario: 'uac-invite-expect-failure.xml',
      remote: engine.sipAddress,
      calls: 1,
      service: 'bob',
      vars: { expected: '486' },
      timeoutMs: 20_000,
    });
    expect(result.exitCode, `sipp output:\n${result.stdout}\n${result.stderr}\n${result.errors}`).toBe(0);
    expect(result.successful).toBe(1);
  });

  await test.step('the call is listed', async () => {
    await page.getByTestId('nav-calls').click();
    await expect(page).toHaveURL(/\/calls$/);
    const row = page.getByTestId('call-row').first();
    await expect(row).toBeVisible();
    await expect(page.getByTestId('call-row')).toHaveCount(1);
    await expect(row.getByTestId('call-status')).toContainText('486');
    await expect(row).toContainText('busy-fallback');
    await shot('05-call-list.png');
    await row.click();
    await expect(page).toHaveURL(/\/calls\/.+/);
  });

  await test.step('the call view lights the path and lists the SIP messages', async () => {
    const trace = page.getByTestId('call-trace');
    for (const id of ['start', 'relay-1', 'respond-1'])
      await expect(trace.locator(`.react-flow__node[data-id="${id}"]`)).toHaveAttribute('data-path', 'true');
    await expect(trace.locator('.react-flow__edge[data-id="start-next"]')).toHaveAttribute(
      'data-path',
      'true',
    );
    await expect(trace.locator('.react-flow__edge[data-id="relay-1-failed"]')).toHaveAttribute(
      'data-path',
      'true',
    );
    await expect(page.getByTestId('step')).toHaveCount(3);

    // In from the caller and out to the UAS; the 486 in from the UAS and out to the caller.
    const inviteIn = page.locator(
      '[data-testid="sip-message"][data-direction="in"][data-summary^="INVITE "]',
    );
    const inviteOut = page.locator(
      '[data-testid="sip-message"][data-direction="out"][data-summary^="INVITE "]',
    );
    const busyIn = page.locator(
      '[data-testid="sip-message"][data-direction="in"][data-summary^="SIP/2.0 486"]',
    );
    const busyOut = page.locator(
      '[data-testid="sip-message"][data-direction="out"][data-summary^="SIP/2.0 486"]',
    );
    await expect(inviteIn).toHaveCount(1);
    await expect(inviteOut).toHaveCount(1);
    await expect(busyIn.first()).toBeVisible();
    await expect(busyOut.first()).toBeVisible();

    await inviteIn.click();
    await expect(inviteIn.getByTestId('sip-message-text')).toContainText('Call-ID:');
    await shot('06-call-view.png');
  });
});
