import { describe, expect, it } from 'vitest';
import { nodeTypes } from '@patchbay/shared/nodes';
import { summarizeParams } from './param-summary';

describe('summarizeParams', () => {
  it('shows the relay target and its timeout, marking defaults', () => {
    expect(summarizeParams(nodeTypes.relay, { target: 'sip:pbx:5060' })).toEqual([
      { name: 'target', label: 'Target URI', value: 'sip:pbx:5060', isDefault: false },
      { name: 'timeoutSec', label: 'Ring timeout (s)', value: '60', isDefault: true },
    ]);
  });

  it('skips a required field that is not set', () => {
    expect(summarizeParams(nodeTypes.redirect, {}).map((l) => l.name)).not.toContain('contacts');
  });

  it('joins methods and respects the limit', () => {
    expect(summarizeParams(nodeTypes.start, { methods: ['INVITE', 'MESSAGE'] })[0]?.value).toBe(
      'INVITE, MESSAGE',
    );
    expect(summarizeParams(nodeTypes.respond, { code: 603 }, 1)).toEqual([
      { name: 'code', label: 'Status code', value: '603', isDefault: false },
    ]);
  });

  it('shows values of the wrong type as they are, for the user to fix', () => {
    expect(summarizeParams(nodeTypes.respond, { code: 'busy' })[0]?.value).toBe('busy');
  });
});
