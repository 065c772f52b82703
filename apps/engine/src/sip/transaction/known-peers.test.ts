import { describe, expect, it } from 'vitest';
import { KnownPeers } from './known-peers';

describe('KnownPeers', () => {
  it('gives one object for equal peers and different ones for different peers', () => {
    const peers = new KnownPeers();
    const a = peers.intern({ transport: 'udp', address: '127.0.0.1', port: 5060 });
    expect(peers.intern({ transport: 'udp', address: '127.0.0.1', port: 5060 })).toBe(a);
    expect(a).toEqual({ transport: 'udp', address: '127.0.0.1', port: 5060 });
    expect(peers.intern({ transport: 'tcp', address: '127.0.0.1', port: 5060 })).not.toBe(a);
    expect(peers.intern({ transport: 'udp', address: '127.0.0.1', port: 5061 })).not.toBe(a);
    expect(peers.intern({ transport: 'udp', address: '::1', port: 5060 })).not.toBe(a);
    expect(peers.size).toBe(4);
  });

  it('forgets the oldest beyond its bound, and still answers for it', () => {
    const peers = new KnownPeers(3);
    const first = peers.intern({ transport: 'udp', address: '192.0.2.1', port: 5060 });
    for (let i = 2; i <= 4; i++) peers.intern({ transport: 'udp', address: `192.0.2.${i}`, port: 5060 });
    expect(peers.size).toBe(3);
    const again = peers.intern({ transport: 'udp', address: '192.0.2.1', port: 5060 });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(peers.size).toBe(3);
  });
});
