// Builds the SIP stack bottom-up — sockets, transport layer, transaction layer, proxy core —
// and returns the SipStack handle (contract in sip-stack-types.ts).

import { systemClock } from './clock';
import type { Clock } from './clock';
import { ProxyCore } from './proxy/proxy-core';
import type { Peer, SipStack, SipStackOptions } from './sip-stack-types';
import { TransactionLayer } from './transaction/transaction-layer';
import { TcpTransport } from './transport/tcp-transport';
import type { FrameHandler, TcpOptions } from './transport/tcp-transport';
import { TransportLayer } from './transport/transport-layer';
import { UdpTransport } from './transport/udp-transport';
import { resolveTarget } from './transport/resolve-target';
import { OverloadGuard } from './transport/overload-guard';
import { udpQueueProbe } from './transport/udp-receive-queue';
import { randomHex } from './random-token';
import { UserAgent } from './uac/user-agent';

const BIND_ATTEMPTS = 10;

export async function startSipStack(options: SipStackOptions, clock: Clock = systemClock): Promise<SipStack> {
  // RFC 3261 §25.1: an IPv6 address in a URI or Via sent-by is an IPv6reference, "[" ... "]".
  const advertisedHost = ipv6Reference(
    options.advertisedHost ??
      (options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host),
  );
  // Sockets come first and the layer that reads them after, so packets go through a holder.
  const holder: { layer?: TransportLayer } = {};
  const onPacket = (bytes: Uint8Array, peer: Peer, tooLarge?: boolean): void | Promise<void> =>
    holder.layer?.receive(bytes, peer, tooLarge);

  const bindHost = options.host.replace(/^\[(.*)\]$/, '$1');
  const { udp, tcp } = await bindBoth(bindHost, options.port, onPacket, {
    maxMessageBytes: options.maxMessageBytes,
    idleTimeoutMs: options.tcpIdleTimeoutMs,
  });
  // The socket's queue in the kernel (the bound address's table, our port), watched for the
  // metrics and, when asked for, for load shedding.
  const overload = new OverloadGuard(
    options.overloadProbe ?? udpQueueProbe(bindHost, udp.port),
    udp.receiveBufferBytes(),
    clock,
    `pbo${randomHex(6)}`,
    { shedAtPercent: options.overloadShedAtPercent, log: options.log },
  );
  overload.start();
  const layer = new TransportLayer(udp, tcp, {
    advertisedHost,
    clock,
    onMessage: options.onMessage,
    maxMessageBytes: options.maxMessageBytes,
  });
  holder.layer = layer;
  const transactions = new TransactionLayer(layer, clock, overload);
  const proxy = new ProxyCore({
    transactions,
    clock,
    host: advertisedHost,
    port: udp.port,
    aliases: [ipv6Reference(options.host), '127.0.0.1', 'localhost'].filter(
      (h) => h !== '0.0.0.0' && h !== '[::]',
    ),
    via: (t, branch) => layer.via(t, branch),
    handleRequest: options.handleRequest,
    onDialog: options.onDialog,
  });
  layer.setUser(transactions);
  transactions.setUser(proxy);
  const userAgent = new UserAgent({
    transactions,
    via: (t, branch) => layer.via(t, branch),
    resolve: resolveTarget,
    clock,
    host: advertisedHost,
    port: udp.port,
  });
  proxy.setLocalUser(userAgent.onInDialogRequest, userAgent.onInDialogAck);
  userAgent.setProxiedCallEnder(
    (callId) => proxy.endCall(callId),
    (callId) => proxy.dialogs().some((d) => d.callId === callId),
  );

  let closed: Promise<void> | undefined;
  return {
    host: advertisedHost,
    port: udp.port,
    dialogs: () => proxy.dialogs(),
    stats: () => ({ ...layer.counters, transactions: transactions.size, overload: overload.stats() }),
    userAgent,
    close() {
      closed ??= (async () => {
        overload.stop();
        userAgent.close();
        proxy.close();
        transactions.close();
        await Promise.all([udp.close(), tcp.close()]);
      })();
      return closed;
    },
  };
}

function ipv6Reference(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** UDP first (port 0 = any free port), then TCP on the same number; retry when TCP's is taken. */
async function bindBoth(
  host: string,
  port: number,
  onPacket: FrameHandler,
  tcpOptions: TcpOptions,
): Promise<{ udp: UdpTransport; tcp: TcpTransport }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < (port === 0 ? BIND_ATTEMPTS : 1); attempt++) {
    const udp = await UdpTransport.bind(host, port, onPacket);
    try {
      const tcp = await TcpTransport.listen(host, udp.port, onPacket, tcpOptions);
      return { udp, tcp };
    } catch (e) {
      lastError = e;
      await udp.close();
    }
  }
  throw lastError;
}
