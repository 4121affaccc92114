import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { availableMeasures } from '../../../src/measures/catalog';
import { timeToCoordination } from '../../../src/measures/definitions/time-to-coordination';
import { runSuppressed } from '../../../src/measures/run-protected';
import { runMeasure } from '../../../src/measures/run-measure';
import { logRank, type TimeCount } from '../../../src/measures/survival';
import type { MeasureResult, SurvivalResult } from '../../../src/measures/types';
import { addDays, addFamilyRows, createMeasureDb, request } from './helpers';

// The log-rank test beside a curve cut by suppression is computed over the days both curves are
// drawn (docs/disclosure-control.md rule 5; src/measures/drawn-log-rank.ts): every member still
// at risk on the earlier of the two drawn ends, c, is censored there.
//
// The expected numbers come from R 4.2.2 with survival 3.5.3 (`Rscript`), on the 30 + 30 families
// below (time t in days, s 1 for a coordinated case plan, 0 censored):
//   library(survival)
//   Lt <- c(seq(2, 30, 2), 100, 120, 140, 160, 180, 200, 250, rep(300, 8))
//   Ls <- c(rep(1, 22), rep(0, 8))
//   Ct <- c(seq(35, 145, 10), 150, 170, 190, 210, 230, 250, 270, 290, 310, 330, rep(350, 8))
//   Cs <- c(rep(1, 22), rep(0, 8))
//   d <- data.frame(t = c(Lt, Ct), s = c(Ls, Cs), g = rep(c("L", "C"), c(30, 30)))
//   survdiff(Surv(t, s) ~ g, data = d)$chisq                        # 2.60417716142802
//   d$tc <- pmin(d$t, 180); d$sc <- ifelse(d$t > 180, 0, d$s)
//   survdiff(Surv(tc, sc) ~ g, data = d)$chisq                      # 4.88315837382299
//   pchisq(c(2.60417716142802, 4.88315837382299), 1, lower.tail = FALSE)
//                                                    # 0.106582463974092 0.027119951696109
const LINKAGES = { events: [...range(2, 30, 2), 100, 120, 140, 160, 180, 200, 250], censored: 300 };
const COMPARISON = {
  events: [...range(35, 145, 10), 150, 170, 190, 210, 230, 250, 270, 290, 310, 330],
  censored: 350,
};
const R_FULL = { chiSquare: 2.60417716142802, p: 0.106582463974092 };
const R_TO_DAY_180 = { chiSquare: 4.88315837382299, p: 0.027119951696109 };

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

/** One count per member: an event on each day of `events`, then 8 censored on `censored`. */
function countsOf(group: { events: number[]; censored: number }): TimeCount[] {
  return [
    ...group.events.map((t) => ({ t, events: 1, censored: 0 })),
    { t: group.censored, events: 0, censored: 8 },
  ];
}

describe('the log-rank test over days 0 to c (survival.ts)', () => {
  it('equals survival::survdiff on the times censored at c', () => {
    const a = countsOf(LINKAGES);
    const b = countsOf(COMPARISON);
    const full = logRank(a, b)!;
    expect(full.chiSquare).toBeCloseTo(R_FULL.chiSquare, 10);
    expect(full.p).toBeCloseTo(R_FULL.p, 10);
    const drawn = logRank(a, b, 180)!;
    expect(drawn.chiSquare).toBeCloseTo(R_TO_DAY_180.chiSquare, 10);
    expect(drawn.p).toBeCloseTo(R_TO_DAY_180.p, 10);
    // An event on day c counts; a horizon past every time changes nothing.
    expect(logRank(a, b, 179)!.chiSquare).not.toBeCloseTo(drawn.chiSquare, 6);
    expect(logRank(a, b, 350)).toEqual(full);
  });
});

describe('the log-rank test beside cut curves (suppression, real engine)', () => {
  const D = '2024-12-31';
  const INDEX = '2024-01-01';
  let db: DbClient;
  let shown: SurvivalResult;
  let computed: SurvivalResult;
  const asSurvival = (result: MeasureResult): SurvivalResult => {
    if (result.kind !== 'time-to-event') throw new Error(`not a survival result: ${result.kind}`);
    return result;
  };

  beforeAll(async () => {
    db = await createMeasureDb();
    // Every family indexed in 2024 Q1 (one cell per group): a plan t days after the index, or
    // none, censored at D (the index D − t days before it).
    const families = (group: 'linkages' | 'comparison', times: typeof LINKAGES) => [
      ...times.events.map((t) => ({
        start: INDEX,
        values: { group, coordinated_plan_date: addDays(INDEX, t) },
      })),
      ...range(1, 8, 1).map(() => ({ start: addDays(D, -times.censored), values: { group } })),
    ];
    await addFamilyRows(db, [
      ...families('linkages', LINKAGES),
      ...families('comparison', COMPARISON),
    ]);
    const measures = await availableMeasures(db);
    shown = asSurvival(
      await runSuppressed(db, timeToCoordination, request(D), undefined, undefined, measures),
    );
    computed = asSurvival(await runMeasure(db, timeToCoordination, request(D)));
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('cuts both curves (fewer than 11 at risk) and computes the test to the earlier end, as R does', () => {
    const end = (group: string) => shown.rows.find((row) => row.group === group)?.curve.at(-1)?.t;
    // Linkages: 11 at risk on day 180, 10 after; comparison: 11 on day 290.
    expect([end('linkages'), end('comparison')]).toEqual([180, 290]);
    expect(shown.rows.map((row) => [row.group, row.n, row.events])).toEqual([
      ['linkages', 30, null],
      ['comparison', 30, null],
    ]);
    // Unsuppressed: every event, as before.
    expect(computed.comparisons[0]?.chiSquare).toBeCloseTo(R_FULL.chiSquare, 10);
    expect(computed.comparisons[0]?.throughDays).toBeNull();
    const [test] = shown.comparisons;
    expect(test?.throughDays).toBe(180);
    expect(test?.suppressed).toBe(false);
    expect(test?.chiSquare).toBeCloseTo(R_TO_DAY_180.chiSquare, 10);
    expect(test?.p).toBeCloseTo(R_TO_DAY_180.p, 10);
    // The counts the test is computed from are never published.
    expect(shown).not.toHaveProperty('testCounts');
    expect(JSON.stringify(shown)).not.toContain('testCounts');
  });
});
