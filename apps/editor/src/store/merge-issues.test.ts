import { describe, expect, it } from 'vitest';
import type { CompileIssue } from '@patchbay/shared/compiler';
import { groupByNode, mergeIssues } from './merge-issues';

const issue = (over: Partial<CompileIssue>): CompileIssue => ({
  severity: 'error',
  code: 'PARAM_INVALID',
  nodeId: 'relay',
  field: 'target',
  message: 'm',
  ...over,
});

describe('mergeIssues', () => {
  it('drops duplicates and puts errors first', () => {
    const warning = issue({ severity: 'warning', code: 'UNREACHABLE_NODE', field: null });
    const a = issue({});
    const b = issue({ nodeId: 'busy', field: 'code' });
    expect(mergeIssues([warning, a], [a, b])).toEqual([a, b, warning]);
  });
});

describe('groupByNode', () => {
  it('groups by node id and leaves out flow-wide issues', () => {
    const flowWide = issue({ code: 'NO_START', nodeId: null, field: null });
    const a = issue({});
    expect(groupByNode([flowWide, a])).toEqual({ relay: [a] });
  });
});
