import { describe, expect, it } from 'vitest';
import {
  cumulativeIncidence,
  kaplanMeier,
  logRank,
  type CompetingCount,
  type TimeCount,
} from '../../../src/measures/survival';

/** One row per member: time and whether it ended in the event (1) or a censoring (0). */
function countsOf(times: number[], events: number[]): TimeCount[] {
  return times.map((t, i) => ({ t, events: events[i]!, censored: 1 - events[i]! }));
}

function withoutCompeting(counts: TimeCount[]): CompetingCount[] {
  return counts.map((count) => ({ ...count, competing: 0 }));
}

function expectAllFinite(values: readonly object[]): void {
  for (const value of values) {
    for (const number of Object.values(value)) expect(Number.isFinite(number)).toBe(true);
  }
}

const specA = countsOf([3, 5, 6, 7, 8, 10, 12, 12], [1, 0, 1, 1, 0, 1, 1, 0]);
const specB = countsOf([2, 4, 4, 5, 6, 9, 11], [1, 1, 1, 1, 0, 1, 1]);

describe('Kaplan–Meier', () => {
  it('gives the spec worked values and median 10', () => {
    const km = kaplanMeier(specA);
    const at = (t: number) => km.points.find((point) => point.t === t)!.survival;
    expect(at(3)).toBeCloseTo(0.875, 6);
    expect(at(5)).toBeCloseTo(0.875, 6);
    expect(at(6)).toBeCloseTo(0.729167, 6);
    expect(at(7)).toBeCloseTo(0.583333, 6);
    expect(at(10)).toBeCloseTo(0.388889, 6);
    expect(at(12)).toBeCloseTo(0.194444, 6);
    expect(km.median).toBe(10);
    expect(km.n).toBe(8);
    expect(km.events).toBe(5);
    expect(km.points.map((point) => point.t)).toEqual([0, 3, 5, 6, 7, 8, 10, 12]);
    expect(km.points.map((point) => point.atRisk)).toEqual([8, 8, 7, 6, 5, 4, 3, 2]);
  });

  it('starts at t = 0 with survival 1 and everyone at risk', () => {
    expect(kaplanMeier(specA).points[0]).toEqual({
      t: 0,
      survival: 1,
      low: 1,
      high: 1,
      atRisk: 8,
      events: 0,
      censored: 0,
    });
  });

  it('puts a Greenwood log-log band around S(6)', () => {
    // Greenwood sum to t=6: 1/(8·7) + 1/(6·5) = 0.0511905; S = 0.875·5/6 = 0.7291667, ln S = −0.3158529.
    // spread = 1.959964·√0.0511905 / 0.3158529 = 1.4039697;
    // low = S^exp(1.4039697) = 0.2763902, high = S^exp(−1.4039697) = 0.9253532.
    const point = kaplanMeier(specA).points.find((p) => p.t === 6)!;
    expect(point.low).toBeCloseTo(0.2763902, 7);
    expect(point.high).toBeCloseTo(0.9253532, 7);
  });

  it('counts a censoring at the same day as an event at risk for that event', () => {
    // Day 12: 2 at risk, 1 event and 1 censored, so S halves (1 − 1/2), not drops to 0.
    const point = kaplanMeier(specA).points.at(-1)!;
    expect(point).toMatchObject({ t: 12, atRisk: 2, events: 1, censored: 1 });
    expect(point.survival).toBeCloseTo(0.388889 / 2, 6);
    // 2 events and 1 censoring of 4 at day 5: S(5) = 1 − 2/4.
    const tied = kaplanMeier([
      { t: 5, events: 2, censored: 1 },
      { t: 9, events: 1, censored: 0 },
    ]);
    expect(tied.points[1]).toMatchObject({ t: 5, survival: 0.5, atRisk: 4 });
    expect(tied.points[2]).toMatchObject({ t: 9, survival: 0, atRisk: 1 });
  });

  it('accepts counts in any order and merges rows of the same day', () => {
    const shuffled = [...specA].reverse();
    expect(kaplanMeier(shuffled)).toEqual(kaplanMeier(specA));
    const merged = kaplanMeier([
      { t: 12, events: 1, censored: 1 },
      { t: 3, events: 1, censored: 0 },
      { t: 5, events: 0, censored: 1 },
      { t: 6, events: 1, censored: 0 },
      { t: 7, events: 1, censored: 0 },
      { t: 8, events: 0, censored: 1 },
      { t: 10, events: 1, censored: 0 },
      { t: 4, events: 0, censored: 0 },
    ]);
    expect(merged).toEqual(kaplanMeier(specA));
  });

  it('keeps survival at 1 with a collapsed band and no median when everyone is censored', () => {
    const km = kaplanMeier([
      { t: 4, events: 0, censored: 3 },
      { t: 9, events: 0, censored: 2 },
    ]);
    expect(km.median).toBeNull();
    expect(km.events).toBe(0);
    for (const point of km.points) expect(point).toMatchObject({ survival: 1, low: 1, high: 1 });
  });

  it('collapses the band onto 0 when survival reaches 0, without NaN', () => {
    const km = kaplanMeier([
      { t: 2, events: 1, censored: 0 },
      { t: 4, events: 2, censored: 0 },
    ]);
    expect(km.points.at(-1)).toEqual({
      t: 4,
      survival: 0,
      low: 0,
      high: 0,
      atRisk: 2,
      events: 2,
      censored: 0,
    });
    expect(km.median).toBe(4);
    expectAllFinite(km.points);
  });

  it('has no median while survival stays above one half', () => {
    expect(kaplanMeier(countsOf([1, 2, 3, 4], [1, 0, 0, 0])).median).toBeNull();
  });

  it('takes the median where survival lands exactly on one half', () => {
    // S(2) = 3/4 · 2/3 = 1/2, whatever the rounding of the product.
    expect(kaplanMeier(countsOf([1, 2, 3, 4], [1, 1, 0, 0])).median).toBe(2);
  });

  it('returns no curve for no one', () => {
    expect(kaplanMeier([])).toEqual({ points: [], median: null, n: 0, events: 0 });
    expect(kaplanMeier([{ t: 3, events: 0, censored: 0 }])).toEqual({
      points: [],
      median: null,
      n: 0,
      events: 0,
    });
  });

  it('keeps an event on day 0 after the starting point', () => {
    const km = kaplanMeier([
      { t: 0, events: 1, censored: 0 },
      { t: 5, events: 0, censored: 1 },
    ]);
    expect(km.points.map((point) => [point.t, point.survival])).toEqual([
      [0, 1],
      [0, 0.5],
      [5, 0.5],
    ]);
    expect(km.median).toBe(0);
  });

  it('refuses negative or non-finite times and counts', () => {
    expect(() => kaplanMeier([{ t: -1, events: 1, censored: 0 }])).toThrow(RangeError);
    expect(() => kaplanMeier([{ t: 1, events: -1, censored: 0 }])).toThrow(RangeError);
    expect(() => kaplanMeier([{ t: Number.NaN, events: 1, censored: 0 }])).toThrow(RangeError);
  });

  it('never returns NaN on the spec example', () => {
    expectAllFinite(kaplanMeier(specA).points);
    expectAllFinite(kaplanMeier(specB).points);
  });
});

describe('log-rank test', () => {
  it('gives the spec worked values: chi-square 2.175, p 0.140', () => {
    const test = logRank(specA, specB)!;
    expect(test.chiSquare).toBeCloseTo(2.175, 3);
    expect(test.p).toBeCloseTo(0.14, 3);
  });

  it('does not depend on which group comes first', () => {
    const ab = logRank(specA, specB)!;
    const ba = logRank(specB, specA)!;
    expect(ba.chiSquare).toBeCloseTo(ab.chiSquare, 12);
    expect(ba.p).toBeCloseTo(ab.p, 12);
  });

  it('accepts counts in any order, with a day split over two rows', () => {
    const [first, ...rest] = specA;
    const split = [...rest.reverse(), { ...first!, events: 0, censored: 0 }, first!];
    expect(logRank(split, [...specB].reverse())).toEqual(logRank(specA, specB));
  });

  it('finds chi-square 0 and p 1 for identical groups', () => {
    expect(logRank(specA, specA)).toEqual({ chiSquare: 0, p: 1 });
  });

  it('is undefined (null) with an empty group or no events at all', () => {
    expect(logRank(specA, [])).toBeNull();
    expect(logRank([], specB)).toBeNull();
    expect(
      logRank([{ t: 3, events: 0, censored: 4 }], [{ t: 5, events: 0, censored: 2 }]),
    ).toBeNull();
  });
});

describe('cumulative incidence with competing events', () => {
  it('equals 1 − Kaplan–Meier when there are no competing events', () => {
    const km = kaplanMeier(specA);
    const ci = cumulativeIncidence(withoutCompeting(specA));
    expect(ci.points.map((point) => point.t)).toEqual(km.points.map((point) => point.t));
    ci.points.forEach((point, i) => {
      expect(point.incidence).toBeCloseTo(1 - km.points[i]!.survival, 12);
      expect(point.atRisk).toBe(km.points[i]!.atRisk);
    });
    expect(ci.median).toBe(km.median);
    expect(ci.events).toBe(5);
    expect(ci.n).toBe(8);
  });

  it("uses Greenwood's variance when there are no competing events, banded on log(−log F)", () => {
    // At t=6: F = 1 − 0.7291667 = 0.2708333; Var = S²·Greenwood = 0.7291667²·0.0511905 = 0.0272172.
    // spread = 1.959964·√0.0272172 / (0.2708333·|ln 0.2708333|) = 0.9139881;
    // low = F^exp(0.9139881) = 0.0384607, high = F^exp(−0.9139881) = 0.5923218.
    const point = cumulativeIncidence(withoutCompeting(specA)).points.find((p) => p.t === 6)!;
    expect(point.low).toBeCloseTo(0.0384607, 7);
    expect(point.high).toBeCloseTo(0.5923218, 7);
  });

  // Six members. Day 1: 1 event of 6 at risk. Day 2: 1 event and 1 competing of 5. Day 3: 1 censored
  // of 3. Day 4: 1 event of 2. Day 6: 1 competing of 1.
  // All-cause S: 5/6 after day 1, 5/6·3/5 = 1/2 after day 2, 1/2·1/2 = 1/4 after day 4, 0 after day 6.
  // F(1) = 1·1/6 = 1/6; F(2) = 1/6 + 5/6·1/5 = 1/3; F(4) = 1/3 + 1/2·1/2 = 7/12 (1 − KM would say 2/3).
  const competingExample: CompetingCount[] = [
    { t: 1, events: 1, competing: 0, censored: 0 },
    { t: 2, events: 1, competing: 1, censored: 0 },
    { t: 3, events: 0, competing: 0, censored: 1 },
    { t: 4, events: 1, competing: 0, censored: 0 },
    { t: 6, events: 0, competing: 1, censored: 0 },
  ];

  it('weights each event by all-cause survival just before it (Aalen–Johansen)', () => {
    const ci = cumulativeIncidence(competingExample);
    expect(ci.points.map((point) => [point.t, point.atRisk])).toEqual([
      [0, 6],
      [1, 6],
      [2, 5],
      [3, 3],
      [4, 2],
      [6, 1],
    ]);
    const incidence = ci.points.map((point) => point.incidence);
    [0, 1 / 6, 1 / 3, 1 / 3, 7 / 12, 7 / 12].forEach((expected, i) => {
      expect(incidence[i]).toBeCloseTo(expected, 12);
    });
    expect(ci.median).toBe(4);
    expect(ci.n).toBe(6);
    expect(ci.events).toBe(3);
  });

  it('bands the incidence with the delta-method variance on log(−log F)', () => {
    // Var F(t) = Σ_{tj≤t} [F(t)−F(tj)]²·dj/(nj(nj−dj)) + S(tj−)²·d1j(nj−d1j)/nj³ − 2[F(t)−F(tj)]·S(tj−)·d1j/nj².
    // t=2, F = 1/3: day 1 gives (1/6)²/30 + 5/216 − 2·(1/6)/36 = 16/1080; day 2 gives (5/6)²·4/125 = 24/1080;
    //   Var = 40/1080 = 1/27; spread = 1.959964·√(1/27)/((1/3)·ln 3) = 1.0300137;
    //   band (1/3)^exp(±1.0300137) = 0.0460822 – 0.6755644.
    // t=4, F = 7/12: day 1 (5/12)²/30 + 5/216 − 2·(5/12)/36 = 25/4320; day 2 (1/4)²·2/15 + 1/45 − 2·(1/4)·(5/6)/25
    //   = 60/4320; day 4 (1/2)²·1/8 = 135/4320; Var = 220/4320 = 11/216; spread = 1.4067432;
    //   band (7/12)^exp(±1.4067432) = 0.1107448 – 0.8763220. Day 6 (a competing event ends the risk set) adds 0.
    const points = cumulativeIncidence(competingExample).points;
    expect(points[2]!.low).toBeCloseTo(0.0460822, 7);
    expect(points[2]!.high).toBeCloseTo(0.6755644, 7);
    expect(points[4]!.low).toBeCloseTo(0.1107448, 7);
    expect(points[4]!.high).toBeCloseTo(0.876322, 7);
    expect(points[5]!.low).toBeCloseTo(points[4]!.low, 12);
    expect(points[5]!.high).toBeCloseTo(points[4]!.high, 12);
    expectAllFinite(points);
  });

  it('stays at 0 with no median when only competing events happen', () => {
    const ci = cumulativeIncidence([{ t: 3, events: 0, competing: 2, censored: 1 }]);
    expect(ci.median).toBeNull();
    expect(ci.events).toBe(0);
    for (const point of ci.points) expect(point).toMatchObject({ incidence: 0, low: 0, high: 0 });
  });

  it('collapses the band onto 1 when everyone has the event, without NaN', () => {
    const ci = cumulativeIncidence([
      { t: 2, events: 1, competing: 0, censored: 0 },
      { t: 5, events: 3, competing: 0, censored: 0 },
    ]);
    expect(ci.points.at(-1)).toEqual({ t: 5, incidence: 1, low: 1, high: 1, atRisk: 3 });
    expect(ci.median).toBe(5);
    expectAllFinite(ci.points);
  });

  it('accepts counts in any order and merges rows of the same day', () => {
    const counts: CompetingCount[] = [
      { t: 2, events: 1, competing: 0, censored: 0 },
      { t: 4, events: 0, competing: 1, censored: 1 },
      { t: 5, events: 2, competing: 1, censored: 0 },
      { t: 9, events: 0, competing: 0, censored: 2 },
    ];
    const scrambled: CompetingCount[] = [
      { t: 9, events: 0, competing: 0, censored: 2 },
      { t: 5, events: 1, competing: 0, censored: 0 },
      { t: 2, events: 1, competing: 0, censored: 0 },
      { t: 4, events: 0, competing: 1, censored: 1 },
      { t: 5, events: 1, competing: 1, censored: 0 },
      { t: 7, events: 0, competing: 0, censored: 0 },
    ];
    expect(cumulativeIncidence(scrambled)).toEqual(cumulativeIncidence(counts));
    // Kaplan–Meier and log-rank take no competing events, even from counts that carry some.
    expect(kaplanMeier(counts)).toEqual(
      kaplanMeier(counts.map(({ t, events, censored }) => ({ t, events, censored }))),
    );
  });

  it('returns no curve for no one', () => {
    expect(cumulativeIncidence([])).toEqual({ points: [], median: null, n: 0, events: 0 });
  });

  it('gives the delta-method variance summed directly over every earlier day, on 240 irregular days', () => {
    // Deterministic, irregular counts: events, competing exits and censorings on 400 distinct days.
    const counts = Array.from({ length: 400 }, (_, i) => ({
      t: i + 1,
      events: (i * 7) % 5 === 0 ? 2 : (i * 3) % 4 === 0 ? 1 : 0,
      competing: (i * 11) % 6 === 0 ? 1 : 0,
      censored: (i * 13) % 3 === 0 ? 1 : 0,
    })).filter((c) => c.events + c.competing + c.censored > 0);
    expect(counts).toHaveLength(240);
    const total = counts.reduce((sum, c) => sum + c.events + c.competing + c.censored, 0);
    // The textbook sum (Marubini & Valsecchi), recomputed at every day k over all days j <= k.
    let atRisk = total;
    let survival = 1;
    let cumulative = 0;
    const steps = counts.map((c) => {
      const step = { ...c, atRisk, before: survival, f: 0 };
      cumulative += (survival * c.events) / atRisk;
      step.f = cumulative;
      survival *= 1 - (c.events + c.competing) / atRisk;
      atRisk -= c.events + c.competing + c.censored;
      return step;
    });
    const direct = steps.map((step, k) => {
      let variance = 0;
      for (const j of steps.slice(0, k + 1)) {
        const d = j.events + j.competing;
        if (d === 0) continue;
        const later = step.f - j.f;
        variance +=
          (d < j.atRisk ? (later * later * d) / (j.atRisk * (j.atRisk - d)) : 0) +
          (j.before * j.before * j.events * (j.atRisk - j.events)) / j.atRisk ** 3 -
          (2 * later * j.before * j.events) / j.atRisk ** 2;
      }
      return variance;
    });
    const { points } = cumulativeIncidence(counts);
    points.slice(1).forEach((point, k) => {
      const expected = logLogBandOf(steps[k]!.f, Math.sqrt(Math.max(0, direct[k]!)));
      expect(point.incidence).toBeCloseTo(steps[k]!.f, 12);
      expect(point.low).toBeCloseTo(expected.low, 9);
      expect(point.high).toBeCloseTo(expected.high, 9);
    });
  });
});

/** The log(−log) 95% band of an incidence f with standard error se, as the module defines it. */
function logLogBandOf(f: number, se: number): { low: number; high: number } {
  if (f <= 0 || f >= 1 || se === 0) return { low: f, high: f };
  const spread = (1.959964 * se) / Math.abs(f * Math.log(f));
  return { low: f ** Math.exp(spread), high: f ** Math.exp(-spread) };
}
