// The SIP messages of a call as a ladder: one lane per party, one arrow per message, in order.
// Click a message to read it whole; copy one message or the whole call as text.
import { useMemo, useState } from 'react';
import type { TraceMessage } from '@patchbay/shared/api';
import { CopyButton } from '../ui/copy-button';
import { formatClock, formatOffset } from '../ui/format';
import { buildLadder, ENGINE_LANE, splitPeer, summarizeStartLine, type LadderRow } from './ladder';

export function SipLadder({ messages }: { messages: readonly TraceMessage[] }) {
  const ladder = useMemo(() => buildLadder(messages), [messages]);
  if (messages.length === 0)
    return <p className="panel-hint">No SIP messages were recorded for this call.</p>;
  const t0 = new Date(ladder.rows[0]?.message.at ?? 0).getTime();
  const lanes = ladder.lanes.length;

  return (
    <div className="ladder" data-testid="sip-ladder" style={{ ['--lanes' as string]: lanes }}>
      <div className="ladder__tools">
        <span className="muted small">Click a message to read it whole.</span>
        <CopyButton text={() => ladderText(messages)} label="Copy all messages" testId="copy-all-messages" />
      </div>
      <div className="ladder__head">
        <span className="ladder__time-head">Time</span>
        <div className="ladder__lanes">
          {ladder.lanes.map((lane) => (
            <LaneHead key={lane} lane={lane} />
          ))}
        </div>
      </div>
      <ol className="ladder__rows">
        {ladder.rows.map((row) => (
          <LadderMessage key={row.message.seq} row={row} lanes={lanes} t0={t0} />
        ))}
      </ol>
    </div>
  );
}

function LaneHead({ lane }: { lane: string }) {
  if (lane === ENGINE_LANE)
    return (
      <span className="ladder__lane-head ladder__lane-head--engine">
        <b>Patchbay</b>
      </span>
    );
  const { transport, address } = splitPeer(lane);
  return (
    <span className="ladder__lane-head" title={lane}>
      <b className="mono">{address}</b>
      {transport && <span className="muted small">{transport}</span>}
    </span>
  );
}

function LadderMessage({ row, lanes, t0 }: { row: LadderRow; lanes: number; t0: number }) {
  const [open, setOpen] = useState(false);
  const { message, from, to } = row;
  const summary = summarizeStartLine(message.summary);
  const left = (Math.min(from, to) + 0.5) / lanes;
  const width = Math.abs(to - from) / lanes;
  const offset = new Date(message.at).getTime() - t0;

  return (
    <li
      className={`ladder__row ladder__row--class${summary.klass}${open ? ' ladder__row--open' : ''}`}
      data-testid="sip-message"
      data-direction={message.direction}
      data-summary={message.summary}
    >
      <button type="button" className="ladder__line" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        <span className="ladder__time mono" title={formatClock(message.at)}>
          {formatOffset(Math.max(0, offset))}
        </span>
        <span className="ladder__lanes">
          {Array.from({ length: lanes }, (_, i) => (
            <span key={i} className="ladder__lifeline" style={{ left: `${((i + 0.5) / lanes) * 100}%` }} />
          ))}
          <span
            className={`ladder__arrow ${to > from ? 'ladder__arrow--right' : 'ladder__arrow--left'}`}
            style={{ left: `${left * 100}%`, width: `${width * 100}%` }}
          >
            <span className="ladder__label">
              <b>{summary.title}</b>
              {summary.detail && <span className="ladder__uri mono">{summary.detail}</span>}
            </span>
          </span>
        </span>
        <span className="ladder__meta muted small">
          {message.direction === 'in' ? '↘ in from' : '↗ out to'} {splitPeer(message.peer).address}
        </span>
      </button>
      {open && (
        <div className="ladder__body">
          <div className="ladder__body-tools">
            <span className="muted small mono">
              {message.direction === 'in' ? 'received from' : 'sent to'} {message.peer} ·{' '}
              {formatClock(message.at)} · {new TextEncoder().encode(message.text).length} bytes
            </span>
            <CopyButton text={message.text} testId="copy-message" />
          </div>
          <pre className="ladder__text" data-testid="sip-message-text" tabIndex={0}>
            {message.text}
          </pre>
        </div>
      )}
    </li>
  );
}

/** Every message, in order, headed by when and which way it went: for pasting into a ticket. */
export function ladderText(messages: readonly TraceMessage[]): string {
  return messages
    .map(
      (m) =>
        `--- ${m.at} ${m.direction === 'in' ? 'IN from' : 'OUT to'} ${m.peer} ---\n${m.text.replace(/\r\n/g, '\n')}`,
    )
    .join('\n');
}
