// One shared Peer object per address a transaction talks to. Every transaction keeps its peer
// for its whole life (32 s after its final response, tens of thousands at once under load), and
// most traffic comes from and goes to a few addresses: a copy each, with its own copy of the
// address text, was 80 bytes per transaction.

import { OldestKey } from '../../util/oldest-key';
import { ownString } from '../message/own-string';
import type { Peer } from '../sip-stack-types';

export const DEFAULT_MAX_PEERS = 4096;

export class KnownPeers {
  private readonly peers = new Map<string, Peer>();
  private readonly oldest = new OldestKey(this.peers);

  constructor(private readonly max = DEFAULT_MAX_PEERS) {}

  /** The shared object equal to `peer` (the oldest one is forgotten beyond `max`). */
  intern(peer: Peer): Peer {
    const key = `${peer.transport} ${peer.port} ${peer.address}`;
    const known = this.peers.get(key);
    if (known !== undefined) return known;
    const own: Peer = { transport: peer.transport, address: ownString(peer.address), port: peer.port };
    this.peers.set(ownString(key), own);
    if (this.peers.size > this.max) this.peers.delete(this.oldest.next() as string);
    return own;
  }

  get size(): number {
    return this.peers.size;
  }
}
