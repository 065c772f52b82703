// Small SVG charts for the overview: no chart library, just rectangles with titles (hover) and
// an accessible summary.

export interface MinuteBar {
  readonly minute: string;
  readonly calls: number;
  readonly answered: number;
}

const minuteLabel = (iso: string) => new Date(iso).toTimeString().slice(0, 5);

/** Calls per minute, answered calls stacked at the bottom of each bar. */
export function CallsPerMinuteChart({ bars, height = 200 }: { bars: readonly MinuteBar[]; height?: number }) {
  // About the width it is drawn at on a laptop, so the axis text stays near its nominal size.
  const width = 1100;
  const pad = { top: 10, right: 8, bottom: 22, left: 32 };
  const max = Math.max(1, ...bars.map((b) => b.calls));
  const nice = niceMax(max);
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const step = innerW / Math.max(1, bars.length);
  const barW = Math.max(1, step * 0.72);
  const y = (v: number) => pad.top + innerH - (v / nice) * innerH;
  const total = bars.reduce((n, b) => n + b.calls, 0);
  const labelEvery = Math.ceil(bars.length / 8);

  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Calls per minute over the last ${bars.length} minutes: ${total} in all, at most ${max} in one minute.`}
      data-testid="chart-calls-per-minute"
      data-total={total}
    >
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line
            className="chart__grid"
            x1={pad.left}
            x2={width - pad.right}
            y1={y(nice * f)}
            y2={y(nice * f)}
          />
          <text className="chart__axis" x={pad.left - 6} y={y(nice * f) + 4} textAnchor="end">
            {Math.round(nice * f)}
          </text>
        </g>
      ))}
      {bars.map((b, i) => {
        const x = pad.left + i * step + (step - barW) / 2;
        return (
          <g key={b.minute}>
            <title>{`${minuteLabel(b.minute)}: ${b.calls} call${b.calls === 1 ? '' : 's'}, ${b.answered} answered`}</title>
            <rect className="chart__bar" x={x} y={y(b.calls)} width={barW} height={y(0) - y(b.calls)} />
            <rect
              className="chart__bar chart__bar--answered"
              x={x}
              y={y(b.answered)}
              width={barW}
              height={y(0) - y(b.answered)}
            />
            {i % labelEvery === 0 && (
              <text className="chart__axis" x={x + barW / 2} y={height - 6} textAnchor="middle">
                {minuteLabel(b.minute)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** A horizontal meter for a rate from 0 to 1 (null: nothing to measure yet). */
export function RateBar({ rate, testId }: { rate: number | null; testId?: string }) {
  const pct = rate === null ? null : Math.round(rate * 100);
  return (
    <span className="rate" data-testid={testId} data-rate={pct ?? ''}>
      <svg className="rate__bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
        <rect className="rate__track" x="0" y="0" width="100" height="8" rx="4" />
        {pct !== null && <rect className="rate__fill" x="0" y="0" width={pct} height="8" rx="4" />}
      </svg>
      <span className="rate__text mono">{pct === null ? '—' : `${pct}%`}</span>
    </span>
  );
}

function niceMax(max: number): number {
  // Halves stay whole numbers: 4, 10, 20, 50, 100 …
  if (max <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const f of [1, 2, 5, 10]) if (f * magnitude >= max && (f * magnitude) % 2 === 0) return f * magnitude;
  return 10 * magnitude;
}

/** A tiny line of calls per minute, for a table row. */
export function Sparkline({ values, testId }: { values: readonly number[]; testId?: string }) {
  const width = 120;
  const height = 24;
  const max = Math.max(1, ...values);
  const dx = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map(
    (v, i) => `${(i * dx).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`,
  );
  const total = values.reduce((a, b) => a + b, 0);
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${total} calls, at most ${max} in a minute`}
      data-testid={testId}
      data-total={total}
    >
      <polyline className="sparkline__line" points={points.join(' ')} />
    </svg>
  );
}
