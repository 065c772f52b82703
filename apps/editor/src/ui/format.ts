// Display formats shared by the lists and the call view. Times are shown in the browser's zone.

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** "14:03:22.123": calls are seconds apart, so milliseconds matter. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${timeFormat.format(d)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** "Nov 28, 2025 14:03" */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${dateFormat.format(d)} ${timeFormat.format(d).slice(0, 5)}`;
}

/** "today" or the date, for grouping a call list at a glance. */
export function formatDay(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toDateString() === now.toDateString() ? 'today' : dateFormat.format(d);
}

/** Milliseconds between two instants, or null while the second is unknown. */
export function elapsedMs(from: string, to: string | null): number | null {
  if (to === null) return null;
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** "850 ms", "12.4 s", "3 min 05 s" */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** "1,234 µs": node times are microseconds; the separator keeps them readable. */
export function formatMicros(us: number): string {
  return `${Math.round(us).toLocaleString('en-US')} µs`;
}

/** "+12.3 ms" since the first message of a ladder. */
export function formatOffset(ms: number): string {
  if (ms < 1000) return `+${ms.toFixed(1)} ms`;
  return `+${(ms / 1000).toFixed(3)} s`;
}
