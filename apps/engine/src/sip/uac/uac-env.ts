// What the user-agent side (uac/, dialog/) needs from the stack below it: the transaction layer,
// our Via and address, next-hop resolution and the clock.

import type { Clock } from '../clock';
import type { Peer, TransportName } from '../sip-stack-types';
import type { TransactionLayer } from '../transaction/transaction-layer';

export interface UacEnv {
  readonly transactions: TransactionLayer;
  readonly via: (transport: TransportName, branch: string) => string;
  readonly resolve: (uri: string) => Promise<Peer>;
  readonly clock: Clock;
  /** Host and port we advertise (Contact, From of originated requests). */
  readonly host: string;
  readonly port: number;
}

/** Our Contact URI, on the transport of the request it goes in. */
export function contactUri(env: UacEnv, transport: TransportName): string {
  return `sip:patchbay@${env.host}:${env.port}${transport === 'udp' ? '' : `;transport=${transport}`}`;
}
