// GET /api/stats?minutes=60 — the overview's numbers, one SQL aggregate each over the calls
// table: calls active now, calls (and answered calls) per minute, and per flow the answer rate.
import { Router } from 'express';
import type { StatsResponse } from '@patchbay/shared/api';
import { ApiError } from '../api-error';
import type { AppDeps } from '../create-app';

const MINUTE = 60_000;
const ACTIVE_WINDOW = 24 * 60 * MINUTE;

export function statsRoutes({ store, traces = store.traces }: AppDeps): Router {
  const r = Router();
  const activeStmt = store.db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM calls WHERE started_at >= ? AND ended_at IS NULL AND status IN ('trying', 'ringing', 'answered')",
  );
  const perMinuteStmt = store.db.prepare<[number, number], { m: number; calls: number; answered: number }>(
    'SELECT CAST(started_at / ? AS INTEGER) AS m, COUNT(*) AS calls, COUNT(answered_at) AS answered ' +
      'FROM calls WHERE started_at >= ? GROUP BY m',
  );
  const flowsStmt = store.db.prepare<
    [number],
    { flow_id: string | null; calls: number; answered: number; failed: number; active: number }
  >(
    'SELECT flow_id, COUNT(*) AS calls, COUNT(answered_at) AS answered, ' +
      "SUM(status IN ('failed', 'cancelled')) AS failed, " +
      "SUM(ended_at IS NULL AND status IN ('trying', 'ringing', 'answered')) AS active " +
      'FROM calls WHERE started_at >= ? GROUP BY flow_id ORDER BY calls DESC, flow_id',
  );

  const flowMinutesStmt = store.db.prepare<
    [number, number],
    { flow_id: string | null; m: number; calls: number }
  >(
    'SELECT flow_id, CAST(started_at / ? AS INTEGER) AS m, COUNT(*) AS calls FROM calls WHERE started_at >= ? GROUP BY flow_id, m',
  );

  r.get('/stats', async (req, res) => {
    const minutesText = req.query['minutes'];
    const minutes = minutesText === undefined ? 60 : Number(minutesText);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
      throw new ApiError('BAD_REQUEST', { field: 'minutes', reason: 'a whole number from 1 to 1440' });
    await traces.flush();
    const now = Date.now();
    const firstMinute = Math.floor(now / MINUTE) - minutes + 1;
    const counts = new Map(perMinuteStmt.all(MINUTE, firstMinute * MINUTE).map((row) => [row.m, row]));
    const byFlow = new Map<string | null, number[]>();
    for (const row of flowMinutesStmt.all(MINUTE, firstMinute * MINUTE)) {
      const series = byFlow.get(row.flow_id) ?? new Array<number>(minutes).fill(0);
      const i = row.m - firstMinute;
      if (i >= 0 && i < minutes) series[i] = row.calls;
      byFlow.set(row.flow_id, series);
    }
    const body: StatsResponse = {
      at: new Date(now).toISOString(),
      minutes,
      activeCalls: activeStmt.get(now - ACTIVE_WINDOW)?.n ?? 0,
      perMinute: Array.from({ length: minutes }, (_, i) => {
        const m = firstMinute + i;
        const row = counts.get(m);
        return {
          minute: new Date(m * MINUTE).toISOString(),
          calls: row?.calls ?? 0,
          answered: row?.answered ?? 0,
        };
      }),
      flows: flowsStmt.all(firstMinute * MINUTE).map((f) => {
        const decided = f.calls - f.active;
        return {
          flowId: f.flow_id,
          calls: f.calls,
          answered: f.answered,
          failed: f.failed,
          active: f.active,
          answerRate: decided > 0 ? f.answered / decided : null,
          perMinute: byFlow.get(f.flow_id) ?? new Array<number>(minutes).fill(0),
        };
      }),
    };
    res.json(body);
  });

  return r;
}
