// The op of every node type. `satisfies` makes a type without an op (or an op for a type that
// is not in the catalogue) a compile error.
import type { NodeTypeName, NodeTypes } from '@patchbay/shared/nodes';
import type { Op } from '../define-op';
import { conditionOp } from './condition';
import { forkOp } from './fork';
import { httpRequestOp } from './http-request';
import { logOp } from './log';
import { redirectOp } from './redirect';
import { relayOp } from './relay';
import { removeHeaderOp } from './remove-header';
import { respondOp } from './respond';
import { rewriteUriOp } from './rewrite-uri';
import { sdpCodecsOp } from './sdp-codecs';
import { setHeaderOp } from './set-header';
import { setVariableOp } from './set-variable';
import { splitOp } from './split';
import { startOp } from './start';
import { subflowOp } from './subflow';
import { switchOp } from './switch';
import { timeOfDayOp } from './time-of-day';
import { translateNumberOp } from './translate-number';

export const ops = {
  start: startOp,
  condition: conditionOp,
  switch: switchOp,
  'set-variable': setVariableOp,
  log: logOp,
  'set-header': setHeaderOp,
  'remove-header': removeHeaderOp,
  'rewrite-uri': rewriteUriOp,
  'translate-number': translateNumberOp,
  'time-of-day': timeOfDayOp,
  split: splitOp,
  'sdp-codecs': sdpCodecsOp,
  'http-request': httpRequestOp,
  subflow: subflowOp,
  relay: relayOp,
  fork: forkOp,
  respond: respondOp,
  redirect: redirectOp,
} satisfies { [K in NodeTypeName]: Op<NodeTypes[K]> };
