// Walks a linked program for one call: runs each node, awaits its outcome, records a step per
// node, follows the port it left by. An exception in an op becomes a step with `error` and a
// 500 to the caller if nothing final was sent yet. Subflows walk with the same CallContext; their
// steps carry "flowId/nodeId".
import { performance } from 'node:perf_hooks';
import { celToJson } from '@patchbay/shared/expr';
import type { CallContext } from './call-context';
import type { LinkedNode, LinkedProgram } from './link-program';

/** A flow longer than this is looping; stop it rather than spin. */
export const MAX_STEPS = 256;

export interface StepRecord {
  readonly seq: number;
  readonly nodeId: string;
  readonly port: string | null;
  readonly startedAt: number;
  readonly durationUs: number;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly error?: string;
}

/** Where steps go: the runtime's per-call trace recorder, or the simulation's list. */
export type StepSink = (step: StepRecord) => void;

/** Returns false when the walk stopped on an error (a 500 went upstream if it could). */
export async function runCall(
  program: LinkedProgram,
  call: CallContext,
  emit: StepSink,
  prefix = '',
  from: LinkedNode = program.entry,
): Promise<boolean> {
  let node: LinkedNode | undefined = from;
  while (node) {
    call.seq++;
    call.detail = {};
    call.changes = [];
    call.nodeId = prefix + node.id;
    const startedAt = Date.now();
    const t0 = performance.now();
    let port: string | null = null;
    let error: string | undefined;
    try {
      port = await node.run(call);
    } catch (err) {
      error = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    }
    const durationUs = (performance.now() - t0) * 1000;
    if (call.changes.length > 0)
      call.detail['changes'] = call.changes.map((c) => ({
        ...c,
        before: celToJson(c.before) ?? null,
        after: celToJson(c.after) ?? null,
      }));
    emit({
      seq: call.seq,
      nodeId: prefix + node.id,
      port,
      startedAt,
      durationUs,
      detail: call.detail,
      ...(error === undefined ? {} : { error }),
    });
    if (error !== undefined) {
      call.respond(500, 'Server Internal Error');
      return false;
    }
    const nextId: string | undefined = port === null ? undefined : node.next[port];
    node = nextId === undefined ? undefined : program.nodes.get(nextId);
    if (node && call.seq >= MAX_STEPS) {
      emit({
        seq: call.seq + 1,
        nodeId: prefix + node.id,
        port: null,
        startedAt: Date.now(),
        durationUs: 0,
        detail: {},
        error: `stopped after ${MAX_STEPS} steps`,
      });
      call.respond(500, 'Server Internal Error');
      return false;
    }
  }
  return true;
}
