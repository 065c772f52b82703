// Builds the SIP stack bottom-up — sockets, transport layer, transaction layer, proxy core —
// and returns the SipStack handle (contract in sip-stack-types.ts).

import { systemClock } from './clock';
import type { Clock } from './clock';
import { ProxyCore } from './proxy/proxy-core';
import type { Peer, SipStack, SipStackOptions } from './sip-stack-types';
import { TransactionLayer } from './transaction/transaction-layer';
import { TcpTransport } from './transport/tcp-transport';
import { TransportLayer } from './transport/transport-layer';
import { UdpTransport } from './transport/udp-transport';

const BIND_ATTEMPTS = 10;

export async function startSipStack(options: SipStackOptions, clock: Clock = systemClock): Promise<SipStack> {
  const advertisedHost =
    options.advertisedHost ??
    (options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host);
  // Sockets come first and the layer that reads them after, so packets go through a holder.
  const holder: { layer?: TransportLayer } = {};
  const onPacket = (bytes: Uint8Array, peer: Peer): void => holder.layer?.receive(bytes, peer);

  const { udp, tcp } = await bindBoth(options.host, options.port, onPacket);
  const layer = new TransportLayer(udp, tcp, { advertisedHost, clock, onMessage: options.onMessage });
  holder.layer = layer;
  const transactions = new TransactionLayer(layer, clock);
  const proxy = new ProxyCore({
    transactions,
    clock,
    host: advertisedHost,
    port: udp.port,
    aliases: [options.host, '127.0.0.1', 'localhost'].filter((h) => h !== '0.0.0.0' && h !== '::'),
    via: (t, branch) => layer.via(t, branch),
    handleRequest: options.handleRequest,
    onDialog: options.onDialog,
  });
  layer.setUser(transactions);
  transactions.setUser(proxy);

  let closed: Promise<void> | undefined;
  return {
    host: advertisedHost,
    port: udp.port,
    close() {
      closed ??= (async () => {
        proxy.close();
        transactions.close();
        await Promise.all([udp.close(), tcp.close()]);
      })();
      return closed;
    },
  };
}

/** UDP first (port 0 = any free port), then TCP on the same number; retry when TCP's is taken. */
async function bindBoth(
  host: string,
  port: number,
  onPacket: (bytes: Uint8Array, peer: Peer) => void,
): Promise<{ udp: UdpTransport; tcp: TcpTransport }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < (port === 0 ? BIND_ATTEMPTS : 1); attempt++) {
    const udp = await UdpTransport.bind(host, port, onPacket);
    try {
      const tcp = await TcpTransport.listen(host, udp.port, onPacket);
      return { udp, tcp };
    } catch (e) {
      lastError = e;
      await udp.close();
    }
  }
  throw lastError;
}
