import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { EVENTS_AFTER_INDEX, beforeIndexReason } from '../../../src/dataset/row-rules';
import { CATALOG, measuresShown } from '../../../src/measures/catalog';
import { readExtractContents } from '../../../src/measures/columns-read';
import { definitionalExclusion } from '../../../src/measures/definitional-exclusions';
import { runMeasure } from '../../../src/measures/run-measure';
import type { ProportionMeasure } from '../../../src/measures/types';
import { loadExtractDir } from './helpers';

const FAMILIES = 'Mutual families identified';

describe('definitionalExclusion: which measures leave members out by definition, held by suppression', () => {
  it('every measure whose definition leaves members out and holds their count, with its own reasons, read off the definitions', () => {
    const held = CATALOG.flatMap((measure) => {
      const exclusion = definitionalExclusion(measure);
      return exclusion ? [{ id: measure.id, ...exclusion }] : [];
    });
    const plan = (column: string) => [
      {
        who: `a family whose ${column === 'coordinated_plan_date' ? 'coordinated case plan' : 'substantiated referral'} is dated before its index date`,
        listed: { table: 'families', column },
      },
    ];
    const employment = {
      notAbout: 'an adult already employed on the index date, or whose employment then is unknown',
      correctable: [
        {
          who: 'an adult whose first employment is dated before the index date',
          listed: { table: 'adults', column: 'first_employment_date' },
        },
      ],
      countTitle: null,
    };
    const decrease = (month: number) => ({
      notAbout:
        'an adult whose family had no grant in the index month (or it is unknown), or who was ' +
        'sanctioned on the index date',
      correctable: [{ who: `an adult whose month-${month} grant is unknown (blank)` }],
      countTitle: null,
    });
    expect(held).toEqual([
      {
        id: 'coordination-30d',
        notAbout: null,
        correctable: plan('coordinated_plan_date'),
        countTitle: FAMILIES,
      },
      {
        id: 'time-to-coordination',
        notAbout: null,
        correctable: plan('coordinated_plan_date'),
        countTitle: FAMILIES,
      },
      {
        id: 'reentry-12m',
        notAbout: 'an episode of a child removed under 18 but 18 or older at exit',
        correctable: [{ who: 'an episode whose re-entry date is on or before its exit' }],
        countTitle: null,
      },
      { id: 'employment-6m', ...employment },
      { id: 'employment-12m', ...employment },
      {
        id: 'recurrence-12m',
        notAbout: null,
        correctable: plan('next_subst_referral_date'),
        countTitle: FAMILIES,
      },
      {
        id: 'foster-entry-12m',
        notAbout:
          'a family with a child already in out-of-home care on the index date, or without an ' +
          'Emergency Response or Family Maintenance case then (or with either unknown)',
        correctable: [
          {
            who: 'a family whose first removal is dated before its index date',
            listed: { table: 'families', column: 'first_removal_after_index_date' },
          },
        ],
        countTitle: FAMILIES,
      },
      {
        id: 'sanction-cure-6m',
        notAbout:
          'an adult not sanctioned on the index date and with no sanction start within 90 days after it',
        correctable: [
          {
            who: 'an adult whose sanction cure is dated before the sanction start it is followed from',
          },
        ],
        countTitle: null,
      },
      { id: 'aid-decrease-6m', ...decrease(6) },
      { id: 'aid-decrease-9m', ...decrease(9) },
      {
        id: 'aid-exit-12m',
        notAbout: 'an adult whose family is known to have received no grant in the index month',
        correctable: [
          {
            who: 'an adult whose exit from aid is dated before the index date',
            listed: { table: 'adults', column: 'aid_exit_date' },
          },
        ],
        countTitle: null,
      },
      {
        id: 'return-to-aid-12m',
        // An exit before the index date is a data problem, worded as aid exit words it (issue 19).
        notAbout: 'an adult who has not left aid (no exit date)',
        correctable: [
          {
            who: 'an adult whose exit from aid is dated before the index date',
            listed: { table: 'adults', column: 'aid_exit_date' },
          },
          { who: 'an adult whose return to aid is dated before their exit' },
        ],
        countTitle: null,
      },
    ]);
    // Linked to the Data & validation page only where its warnings list every one of them: an event
    // column it checks against the family's index date, the date the measure follows from.
    for (const { correctable } of held)
      for (const { listed } of correctable)
        if (listed) expect(EVENTS_AFTER_INDEX[listed.table]).toContain(listed.column);
  });

  it('none for a count, reunification’s child episodes, or a time to event whose exclusions no proportion holds', () => {
    for (const id of ['families-identified', 'reunification-12m', 'time-to-reunification'])
      expect(definitionalExclusion(CATALOG.find((m) => m.id === id)!), id).toBeNull();
  });

  it('a definition naming a column the Data & validation page does not check is refused', () => {
    const coordination = CATALOG.find((m) => m.id === 'coordination-30d') as ProportionMeasure;
    expect(() =>
      definitionalExclusion({
        ...coordination,
        excludes: [{ who: 'x', listed: { table: 'families', column: 'mutual_start_date' } }],
      }),
    ).toThrow('families.mutual_start_date is not a checked event it reads');
  });
});

describe('definitionalExclusion against the engine (sample)', () => {
  let db: DbClient;
  let dataThrough: string;
  beforeAll(async () => {
    const loaded = await loadExtractDir('sample-data');
    db = loaded.db;
    dataThrough = loaded.report.dataThrough ?? '';
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('every proportion whose cells hold an excluded member says why; the listed rows are the warnings’ rows', async () => {
    const proportions = measuresShown(await readExtractContents(db)).filter(
      (m): m is ProportionMeasure => m.kind === 'proportion',
    );
    const excludedOf: Record<string, number> = {};
    const leftOutOf: Record<string, number> = {};
    for (const measure of proportions) {
      const result = await runMeasure(db, measure, { by: [], period: 'quarter', dataThrough });
      // The parts hold the members left out (outside the population) and those excluded for a
      // data problem apart: values[3] and values[4].
      const sum = (k: number) =>
        (result.disclosure?.parts ?? []).reduce((total, part) => total + (part.values[k] ?? 0), 0);
      leftOutOf[measure.id] = sum(3);
      excludedOf[measure.id] = sum(3) + sum(4);
      if (sum(4) > 0)
        expect(definitionalExclusion(measure)?.correctable.length, measure.id).toBeGreaterThan(0);
      if (sum(3) > 0) expect(definitionalExclusion(measure)?.notAbout, measure.id).toBeTruthy();
      if (excludedOf[measure.id]! > 0)
        expect(definitionalExclusion(measure), measure.id).not.toBeNull();
    }
    // Not vacuous: the sample leaves members out of most proportions (re-entry: 1 episode, of a
    // child 18 or older at exit or re-entered on the exit); reunification none (an exit before the
    // start is rejected on load).
    expect(Object.entries(excludedOf).filter(([, n]) => n > 0).length).toBeGreaterThanOrEqual(10);
    expect(excludedOf['reunification-12m']).toBe(0);
    expect(excludedOf['reentry-12m']).toBe(1);
    // A listed reason names rows the Data & validation page's warning counts: on the sample the
    // coordination family's 29 families, each excluded by coordination within 30 days.
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM families WHERE coordinated_plan_date < mutual_start_date
         AND mutual_start_date <= DATE '${dataThrough}'`,
    );
    expect(row!.n).toBe(29);
    expect(excludedOf['coordination-30d']).toBe(29);
    // Coordination leaves no one out of its population: its 29 are all a data problem.
    expect(leftOutOf['coordination-30d']).toBe(0);
    expect(beforeIndexReason('coordinated_plan_date')).toBe(
      "coordinated_plan_date is before the family's mutual_start_date",
    );
  }, 120_000);
});
