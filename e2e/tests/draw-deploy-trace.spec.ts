// The main journey: from an empty database, draw Start → Relay —failed→ Respond in the browser,
// see a bad target refused with the error on the node, fix it and deploy, place one SIPp call
// that the target answers 486 while the calls page is open (it appears live, over the events
// socket), find it with the filters, and inspect its path, steps and SIP ladder.
import {
  killAllSipp,
  runSipp,
  startSippUas,
  type SippProcess,
} from '../../apps/engine/test/sipp/sipp-runner.ts';
import { box, connect, dropFromPalette, edge, node, viewportSettled } from '../fixtures/canvas.ts';
import { expect, test } from '../fixtures/engine.ts';

let uas: SippProcess | undefined;

test.afterEach(async () => {
  await uas?.stop();
  uas = undefined;
  await killAllSipp();
});

test('draw a flow, deploy it, place a call and trace it', async ({ page, context, engine }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
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
    await viewportSettled(page); // the view pans to the relay; the next step clicks another node
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

  await test.step('open the calls page before any call: empty, and live', async () => {
    await page.getByTestId('nav-calls').click();
    await expect(page).toHaveURL(/\/calls$/);
    await expect(page.getByTestId('calls-empty')).toBeVisible();
    await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
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

  await test.step('the call shows up by itself, and the filters find it', async () => {
    const row = page.getByTestId('call-row').first();
    await expect(row).toBeVisible();
    await expect(page.getByTestId('call-row')).toHaveCount(1);
    await expect(row.getByTestId('call-status')).toContainText('486');
    await expect(row).toContainText('busy-fallback');
    await expect(row).toHaveAttribute('data-status', 'failed');
    await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
    await shot('05-call-list.png');

    const callId = (await row.getAttribute('data-call-id')) ?? '';
    // A status it does not have: nothing matches, and the page says what to do.
    await page.getByTestId('filter-status').selectOption('answered');
    await expect(page).toHaveURL(/status=answered/);
    await expect(page.getByTestId('calls-none-match')).toBeVisible();
    await expect(page.getByTestId('call-row')).toHaveCount(0);
    await page.getByTestId('filter-status').selectOption('failed');
    await expect(page.getByTestId('call-row')).toHaveCount(1);
    // Part of its Call-ID, its flow, and the last 15 minutes.
    await page.getByTestId('filter-call-id').fill(callId.slice(0, 6));
    await page.getByTestId('filter-flow').selectOption('busy-fallback');
    await page.getByTestId('filter-range').selectOption('15m');
    await expect(page).toHaveURL(/callId=.*flowId=busy-fallback/);
    await expect(page.getByTestId('call-row')).toHaveCount(1);
    await page.getByTestId('filter-to').fill('nobody-has-this');
    await expect(page.getByTestId('call-row')).toHaveCount(0);
    await shot('05b-call-list-filtered.png');
    await page.getByTestId('filter-clear').click();
    await expect(page.getByTestId('call-row')).toHaveCount(1);
    await page.getByTestId('call-row').first().click();
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
    await inviteIn.getByTestId('copy-message').click();
    await expect(inviteIn.getByTestId('copy-message')).toHaveAttribute('data-state', 'copied');
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toMatch(/^INVITE sip:/);
    expect(copied).toContain('Call-ID:');
    await shot('06-call-view.png');
  });

  await test.step('a step opens to show its timing and what the node did', async () => {
    const relayStep = page.locator('[data-testid="step"][data-node-id="relay-1"]');
    await relayStep.click();
    await expect(relayStep).toHaveAttribute('aria-expanded', 'true');
    const detail = page.getByTestId('step-detail');
    await expect(detail).toBeVisible();
    await expect(detail).toContainText('Took');
    await expect(detail).toContainText('failed');
    await expect(page.getByTestId('call-trace').locator('.react-flow__node[data-id="relay-1"]')).toHaveClass(
      /trace-selected/,
    );
    // Clicking a node on the path opens its step instead.
    await page.getByTestId('call-trace').locator('.react-flow__node[data-id="respond-1"]').click();
    await expect(page.locator('[data-testid="step"][data-node-id="respond-1"]')).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    await shot('07-step-detail.png');
  });

  await test.step('the overview counts the call, and the next one as it happens', async () => {
    await page.getByTestId('nav-overview').click();
    await expect(page.getByTestId('window-calls')).toHaveText('1');
    await expect(page.getByTestId('active-calls')).toHaveText('0');
    const stat = page.locator('[data-testid="flow-stat"][data-flow-id="busy-fallback"]');
    await expect(stat.getByTestId('answer-rate')).toHaveAttribute('data-rate', '0');
    await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
    const result = await runSipp({
      scenario: 'uac-invite-expect-failure.xml',
      remote: engine.sipAddress,
      calls: 1,
      service: 'bob',
      vars: { expected: '486' },
      timeoutMs: 20_000,
    });
    expect(result.exitCode, `sipp output:\n${result.stdout}\n${result.stderr}`).toBe(0);
    await expect(page.getByTestId('window-calls')).toHaveText('2');
    await expect(page.getByTestId('chart-calls-per-minute')).toHaveAttribute('data-total', '2');
    await expect(stat.getByTestId('flow-sparkline')).toHaveAttribute('data-total', '2');
    await shot('08-overview.png');
  });
});
