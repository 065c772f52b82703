// One leg of a call the engine originates: the INVITE client side (CANCEL while unanswered,
// ACK for 2xx and its retransmissions, RFC 3261 §13.2.2.4) and the dialog it makes.

import { getCSeq, prependVia } from '../message/accessors';
import { createCancel } from '../message/create-cancel';
import { createRequest } from '../message/sip-message';
import type { SipRequest, SipResponse } from '../message/sip-message';
import { newBranchId } from '../proxy/branch';
import { UacDialog, newTag } from '../dialog/uac-dialog';
import { sendClientRequest } from './client-request';
import type { ClientOutcome, Credentials, SentRequest } from './client-request';
import { contactUri } from './uac-env';
import type { UacEnv } from './uac-env';
import { randomHex } from '../random-token';

export type LegState = 'idle' | 'calling' | 'early' | 'confirmed' | 'ended';

/** A re-INVITE in flight: its final outcome, and the ACK its 2xx needs. */
export interface Reinvite {
  readonly outcome: Promise<ClientOutcome>;
  acknowledge(answer?: Uint8Array): Promise<void>;
}

const SDP = 'application/sdp';

/** What the engine accepts inside a call's dialogs (INVITE and UPDATE carry re-offers, RFC 3311). */
export const ALLOW = 'INVITE, ACK, CANCEL, BYE, UPDATE, INFO, NOTIFY, REFER, OPTIONS';

export function newCallId(env: UacEnv): string {
  return `${randomHex(10)}@${env.host}`;
}

export class CallLeg {
  state: LegState = 'idle';
  dialog: UacDialog | undefined;
  private sent: SentRequest | undefined;
  private ack: SipRequest | undefined;
  private cancelWanted = false;
  private readonly localTag = newTag();
  /** Methods the peer listed in Allow of its 2xx; undefined when it sent no Allow. */
  private allow: readonly string[] | undefined;
  /**
   * INVITEs and UPDATEs the engine sent in this dialog that are still in progress (an INVITE
   * until its ACK is sent): RFC 3261 §14.2 and RFC 3311 §5.2 make the peer's re-offers wait.
   */
  private offering = 0;

  constructor(
    private readonly env: UacEnv,
    readonly uri: string,
    readonly callId: string,
    private readonly onRinging: () => void,
    /** Answer a 401/407 to the INVITE once with these (digest). */
    private readonly credentials?: Credentials,
  ) {}

  /** INVITE the leg (body = SDP offer or none); resolves with the final outcome. */
  invite(body?: Uint8Array): Promise<ClientOutcome> {
    const from = `<sip:patchbay@${this.env.host}:${this.env.port}>;tag=${this.localTag}`;
    const bytes = body ?? new Uint8Array(0);
    const req = createRequest(
      'INVITE',
      this.uri,
      [
        ['Max-Forwards', '70'],
        ['From', from],
        ['To', `<${this.uri}>`],
        ['Call-ID', this.callId],
        ['CSeq', '1 INVITE'],
        ['Contact', `<${contactUri(this.env, 'udp')}>`],
        ['Allow', ALLOW],
        ...(bytes.byteLength > 0 ? ([['Content-Type', SDP]] as [string, string][]) : []),
        ['Content-Length', String(bytes.byteLength)],
      ],
      bytes,
    );
    this.state = 'calling';
    this.sent = sendClientRequest(this.env, req, this.uri, {
      onResponse: (res) => this.onResponse(res),
      credentials: this.credentials,
    });
    return this.sent.outcome.then((outcome) => {
      if (outcome.kind === 'response' && outcome.res.status < 300) {
        const invite = this.sent?.request();
        this.dialog = invite === undefined ? undefined : UacDialog.fromResponse(invite, outcome.res);
        this.state = this.dialog === undefined ? 'ended' : 'confirmed';
        const allow = outcome.res.headers.values('allow');
        this.allow = allow.length === 0 ? undefined : allow.map((m) => m.trim().toUpperCase());
      } else this.state = 'ended';
      return outcome;
    });
  }

  private onResponse(res: SipResponse): void {
    if (res.status > 100 && res.status < 200) {
      if (this.state === 'calling') this.state = 'early';
      this.onRinging();
    }
    // §9.1: "If no provisional response has been received, the CANCEL request MUST NOT be sent"
    if (res.status < 200 && this.cancelWanted) this.sendCancel();
    // §13.2.2.4: "The UAC core MUST generate an ACK request for each 2xx received from the
    // transaction layer." — retransmissions get the same ACK again.
    if (res.status >= 200 && res.status < 300 && this.ack !== undefined) void this.sendAck(this.ack);
  }

  /** ACK the 2xx, with the SDP answer when the 2xx carried the offer (RFC 3725 flow I). */
  async acknowledge(answer?: Uint8Array): Promise<void> {
    const invite = this.sent?.request();
    if (this.dialog === undefined || invite === undefined) return;
    const inviteSeq = getCSeq(invite)?.seq ?? 1;
    this.ack = this.dialog.createAck(inviteSeq, answer);
    await this.sendAck(this.ack);
  }

  /** The ACK as last sent (with its Via), so that a retransmitted 2xx gets the very same ACK. */
  private readonly stamped = new WeakMap<SipRequest, SipRequest>();

  private async sendAck(ack: SipRequest): Promise<void> {
    if (this.dialog === undefined) return;
    try {
      const peer = await this.env.resolve(this.dialog.nextHop);
      let copy = this.stamped.get(ack);
      if (copy === undefined) {
        copy = { ...ack, headers: ack.headers.clone() };
        prependVia(copy, this.env.via(peer.transport, newBranchId()));
        this.stamped.set(ack, copy);
      }
      await this.env.transactions.sendStateless(copy, peer);
    } catch {
      // An ACK that cannot be sent is retried when the 2xx is retransmitted.
    }
  }

  /** End the leg: BYE when confirmed, CANCEL when unanswered. Resolves when done. */
  async end(): Promise<void> {
    if (this.state === 'confirmed' && this.dialog !== undefined) {
      this.state = 'ended';
      await this.request('BYE').outcome;
    } else if (this.state === 'early') {
      this.cancelWanted = true;
      this.sendCancel();
    } else if (this.state === 'calling') this.cancelWanted = true;
  }

  get cancelled(): boolean {
    return this.cancelWanted;
  }

  private cancelSent = false;

  private sendCancel(): void {
    const invite = this.sent?.request();
    const target = this.sent?.target();
    if (this.cancelSent || invite === undefined || target === undefined) return;
    this.cancelSent = true;
    const noop = (): void => undefined;
    this.env.transactions.sendRequest(createCancel(invite), target, {
      onResponse: noop,
      onTimeout: noop,
      onTransportError: noop,
    });
  }

  /** True while an INVITE or UPDATE the engine sent in this dialog awaits its end. */
  get offerPending(): boolean {
    return this.offering > 0;
  }

  /** True unless the peer's Allow left UPDATE out (RFC 3311 §5.1; no Allow tells nothing). */
  get takesUpdate(): boolean {
    return this.allow === undefined || this.allow.includes('UPDATE');
  }

  /** A request inside this leg's dialog (§12.2.1.1); a 2xx to a re-INVITE is ACKed. */
  request(
    method: string,
    extra: ReadonlyArray<readonly [string, string]> = [],
    body?: Uint8Array,
  ): SentRequest {
    if (method === 'INVITE') {
      const re = this.sendReinvite(extra, body);
      void re.sent.outcome.then((o) => {
        if (o.kind === 'response' && o.res.status < 300) void re.acknowledge();
      });
      return re.sent;
    }
    const dialog = this.dialog;
    if (dialog === undefined) throw new Error('leg has no dialog');
    const withContact: (readonly [string, string])[] =
      method === 'REFER' ? [['Contact', `<${contactUri(this.env, 'udp')}>`], ...extra] : [...extra];
    const sent = sendClientRequest(this.env, dialog.createRequest(method, withContact, body), dialog.nextHop);
    if (method === 'UPDATE') {
      this.offering++;
      void sent.outcome.then(() => this.offering--);
    }
    return sent;
  }

  /**
   * A re-INVITE carrying an offer, or none (then the 2xx carries the peer's offer and the answer
   * goes in the ACK). The caller MUST call acknowledge after a 2xx (§13.2.2.4).
   */
  reinvite(offer?: Uint8Array): Reinvite {
    const extra: [string, string][] = offer === undefined ? [] : [['Content-Type', SDP]];
    const re = this.sendReinvite(extra, offer);
    return { outcome: re.sent.outcome, acknowledge: re.acknowledge };
  }

  private sendReinvite(
    extra: ReadonlyArray<readonly [string, string]>,
    body?: Uint8Array,
  ): { sent: SentRequest; acknowledge: (answer?: Uint8Array) => Promise<void> } {
    const dialog = this.dialog;
    if (dialog === undefined) throw new Error('leg has no dialog');
    const req = dialog.createRequest(
      'INVITE',
      [['Contact', `<${contactUri(this.env, 'udp')}>`], ['Allow', ALLOW], ...extra],
      body,
    );
    const seq = getCSeq(req)?.seq ?? 1;
    let ack: SipRequest | undefined;
    this.offering++;
    const sent = sendClientRequest(this.env, req, dialog.nextHop, {
      // §13.2.2.4: each 2xx retransmission gets the same ACK again, once there is one.
      onResponse: (res) => {
        if (res.status >= 200 && res.status < 300 && ack !== undefined) void this.sendAck(ack);
      },
    });
    void sent.outcome.then((o) => {
      // A failed INVITE is over at its final response; a 2xx one when its ACK goes.
      if (o.kind !== 'response' || o.res.status >= 300) this.offering--;
    });
    const acknowledge = async (answer?: Uint8Array): Promise<void> => {
      if (ack !== undefined) return;
      ack = dialog.createAck(seq, answer);
      this.offering--;
      await this.sendAck(ack);
    };
    return { sent, acknowledge };
  }
}
