// Where to send a request for a URI: a much reduced RFC 3263 (no NAPTR/SRV): transport from the
// "transport" parameter (UDP by default), maddr or host, port or 5060, names via the OS resolver.

import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { parseUri, uriParam } from '../message/parse-uri';
import type { Peer, TransportName } from '../sip-stack-types';

export async function resolveHost(host: string): Promise<string> {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  if (net.isIP(bare) !== 0) return bare;
  const r = await lookup(bare, { family: 4 });
  return r.address;
}

export async function resolveTarget(uri: string): Promise<Peer> {
  const u = parseUri(uri);
  if (u.kind !== 'sip') throw new Error(`cannot route to ${uri}: not a sip: URI`);
  // TLS is not implemented yet, so sips: cannot be honoured (RFC 3261 §26.2.2 forbids downgrading).
  if (u.scheme === 'sips') throw new Error(`cannot route to ${uri}: sips is not supported`);
  const t = (uriParam(u, 'transport') ?? 'udp').toLowerCase();
  if (t !== 'udp' && t !== 'tcp') throw new Error(`cannot route to ${uri}: transport ${t} not supported`);
  const host = uriParam(u, 'maddr') ?? u.host;
  return { transport: t as TransportName, address: await resolveHost(host), port: u.port ?? 5060 };
}
