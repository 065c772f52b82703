// Every node type, in palette order. NodeTypeName is derived from this list, and the engine's
// op table must cover exactly these names (checked with `satisfies`).
import { condition } from './condition';
import type { NodeTypeDef } from './define-node-type';
import { fork } from './fork';
import { httpRequest } from './http-request';
import { log } from './log';
import { redirect } from './redirect';
import { relay } from './relay';
import { removeHeader } from './remove-header';
import { respond } from './respond';
import { rewriteUri } from './rewrite-uri';
import { sdpCodecs } from './sdp-codecs';
import { setHeader } from './set-header';
import { setVariable } from './set-variable';
import { split } from './split';
import { start } from './start';
import { subflow } from './subflow';
import { switchNode } from './switch';
import { timeOfDay } from './time-of-day';
import { translateNumber } from './translate-number';

export const nodeTypes = {
  start,
  condition,
  switch: switchNode,
  'set-variable': setVariable,
  log,
  'set-header': setHeader,
  'remove-header': removeHeader,
  'rewrite-uri': rewriteUri,
  'translate-number': translateNumber,
  'time-of-day': timeOfDay,
  split,
  'sdp-codecs': sdpCodecs,
  'http-request': httpRequest,
  subflow,
  relay,
  fork,
  respond,
  redirect,
} as const;

export type NodeTypes = typeof nodeTypes;
export type NodeTypeName = keyof NodeTypes;

export const nodeTypeList: readonly NodeTypeDef[] = Object.values(nodeTypes);

export function findNodeType(type: string): NodeTypeDef | undefined {
  return Object.hasOwn(nodeTypes, type) ? nodeTypes[type as NodeTypeName] : undefined;
}
