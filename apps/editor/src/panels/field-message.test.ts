import { describe, expect, it } from 'vitest';
import { compileFlow } from '@patchbay/shared/compiler';
import type { FlowDocument } from '@patchbay/shared/flow';
import relayWithBusy from '../../../../shared/src/compiler/fixtures/relay-with-busy.flow.json';
import { fieldMessage } from './field-message';

function issueFor(params: Record<string, unknown>, type = 'relay') {
  const doc = structuredClone(relayWithBusy) as FlowDocument;
  doc.nodes[1]!.params = params;
  doc.nodes[1]!.type = type;
  const issue = compileFlow(doc).issues.find((i) => i.nodeId === doc.nodes[1]!.id && i.field !== null);
  if (!issue) throw new Error('expected an issue');
  return issue;
}

describe('fieldMessage', () => {
  it('drops the node title and field name the compiler puts first', () => {
    expect(fieldMessage(issueFor({ target: 'nope' }), 'Relay')).toMatch(/^Must be a SIP URI/);
  });

  it('says Required for a missing field', () => {
    expect(fieldMessage(issueFor({}, 'redirect'), 'Redirect')).toBe('Required.');
  });

  it('keeps messages of another shape as they are', () => {
    const issue = issueFor({ target: 'sip:a', colour: 'red' });
    expect(fieldMessage(issue, 'Relay')).toBe(issue.message);
  });
});
