import { parseDates, parseDays, timeOfDay } from '@patchbay/shared/nodes';
import { defineDynamicOp } from '../define-op';

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export const timeOfDayOp = defineDynamicOp(timeOfDay, (params) => {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: params.timeZone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const rules = params.rules.map((r) => ({
    port: r.port,
    days: parseDays(r.days) ?? new Set<number>(),
    from: r.from === '' ? '00:00' : r.from,
    to: r.to === '' ? '24:00' : r.to,
    dates: parseDates(r.dates) ?? [],
  }));
  return (call) => {
    const now = call.services.now();
    const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
    const day = WEEKDAYS[parts['weekday'] ?? ''] ?? -1;
    const hm = `${parts['hour']}:${parts['minute']}`;
    const md = `${parts['month']}-${parts['day']}`;
    const ymd = `${parts['year']}-${md}`;
    call.note('timeZone', params.timeZone);
    call.note('local', `${parts['weekday']} ${ymd} ${hm}`);
    for (const r of rules) {
      if (!r.days.has(day)) continue;
      if (hm < r.from || hm >= r.to) continue;
      if (
        r.dates.length > 0 &&
        !r.dates.some(([a, b]) => (a.length === 5 ? md : ymd) >= a && (a.length === 5 ? md : ymd) <= b)
      )
        continue;
      return r.port;
    }
    return 'otherwise';
  };
});
