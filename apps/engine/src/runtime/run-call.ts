// Walks a linked program for one call: runs each node, awaits its outcome, records a step per
// node, follows the port it left by. An exception in an op becomes a step with `error` and a
// 500 to the caller if nothing final was sent yet.
import { performance } from 'node:perf_hooks';
import type { CallContext } from './call-context';
import type { LinkedNode, LinkedProgram } from './link-program';
import type { TraceSink } from './trace-sink';

/** A flow longer than this is looping; stop it rather than spin. */
const MAX_STEPS = 256;

export async function runCall(program: LinkedProgram, call: CallContext, sink: TraceSink): Promise<void> {
  let node: LinkedNode | undefined = program.entry;
  let seq = 0;
  while (node) {
    seq++;
    call.detail = {};
    const startedAt = Date.now();
    const t0 = performance.now();
    let port: string | null = null;
    let error: string | undefined;
    try {
      port = await node.run(call);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    sink.push({
      kind: 'step',
      callId: call.callId,
      seq,
      nodeId: node.id,
      port,
      startedAt,
      durationUs: (performance.now() - t0) * 1000,
      detail: call.detail,
      ...(error === undefined ? {} : { error }),
    });
    if (error !== undefined) {
      call.respond(500, 'Server Internal Error');
      return;
    }
    const nextId: string | undefined = port === null ? undefined : node.next[port];
    node = nextId === undefined ? undefined : program.nodes.get(nextId);
    if (node && seq >= MAX_STEPS) {
      sink.push({
        kind: 'step',
        callId: call.callId,
        seq: seq + 1,
        nodeId: node.id,
        port: null,
        startedAt: Date.now(),
        durationUs: 0,
        detail: {},
        error: `stopped after ${MAX_STEPS} steps`,
      });
      call.respond(500, 'Server Internal Error');
      return;
    }
  }
}
