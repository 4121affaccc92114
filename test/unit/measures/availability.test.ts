import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/db/client';
import { tableSpec } from '../../../src/dataset/schema';
import { availability, CATALOG, measuresShown } from '../../../src/measures/catalog';
import { columnsOf, readExtractContents } from '../../../src/measures/columns-read';
import { recurrence12m } from '../../../src/measures/definitions/recurrence-12m';
import { reunification12m } from '../../../src/measures/definitions/reunification-12m';
import { sanctionCure6m } from '../../../src/measures/definitions/sanction-cure-6m';
import { aidDecrease6m } from '../../../src/measures/definitions/aid-decrease-6m';
import { aidDecrease9m } from '../../../src/measures/definitions/aid-decrease-9m';
import { runCatalog } from '../../../src/measures/run-catalog';
import {
  addFamily,
  createMeasureDb,
  emptyTables,
  insert,
  loadExtractDir,
  request,
  runProportionMeasure,
} from './helpers';

const CASE = 'test/fixtures/extracts/absent-optional-columns';

/** The measures the absent-optional-columns case cannot show, with what would enable each. */
const CASE_UNAVAILABLE = {
  'recurrence-12m': 'Needs the next_subst_referral_date column in families.csv',
  'foster-entry-12m':
    'Needs the child_in_care_at_index and first_removal_after_index_date columns in families.csv',
  'sanction-cure-6m': 'Needs the sanction_start_date and sanction_cure_date columns in adults.csv',
  'aid-decrease-6m': 'Needs the grant_m1 and grant_m6 columns in adults.csv',
  'aid-decrease-9m': 'Needs the grant_m1 and grant_m9 columns in adults.csv',
  'aid-exit-12m': 'Needs the aid_exit_date column in adults.csv',
  'return-to-aid-12m': 'Needs the aid_exit_date and aid_return_date columns in adults.csv',
};

describe('which measures an extract can show', () => {
  it('declares only optional columns of the schema as the columns a measure reads', () => {
    for (const measure of CATALOG) {
      for (const read of measure.reads) {
        expect(measure.requires).toContain(read.table);
        const optional = tableSpec(read.table)
          .columns.filter((c) => !c.required)
          .map((c) => c.name);
        for (const column of columnsOf(read)) expect(optional).toContain(column);
      }
    }
  });

  describe('on an extract whose files lack optional columns', () => {
    let db: DbClient;
    beforeAll(async () => {
      const loaded = await loadExtractDir(CASE);
      db = loaded.db;
      const report = loaded.report;
      expect(report.fatal).toBeNull();
      expect(report.dataThrough).toBe('2025-09-30');
    });
    afterAll(async () => {
      await db.close();
    });

    it('says a measure whose event or population column is absent is not measured, naming the column and file', async () => {
      const contents = await readExtractContents(db);
      const unavailable = Object.fromEntries(
        CATALOG.flatMap((measure) => {
          const shown = availability(measure, contents);
          return shown.available ? [] : [[measure.id, shown.needs]];
        }),
      );
      expect(unavailable).toEqual(CASE_UNAVAILABLE);
      expect(measuresShown(contents).map((m) => m.id)).toEqual([
        'families-identified',
        'coordination-30d',
        'time-to-coordination',
        'reunification-12m',
        'reentry-12m',
        'employment-6m',
        'employment-12m',
        'time-to-reunification',
      ]);
    });

    it('leaves an unavailable measure out of the command-line measures and names what enables it', async () => {
      const json = await runCatalog(db, {
        source: { kind: 'county', fileNames: ['families.csv'] },
        by: [],
        period: 'quarter',
        dataThrough: '2025-09-30',
        suppress: true,
      });
      expect(json.unavailable).toEqual(CASE_UNAVAILABLE);
      for (const id of Object.keys(CASE_UNAVAILABLE)) {
        expect(json.measures).not.toHaveProperty(id);
        expect(json.comparisons).not.toHaveProperty(id);
      }
      expect(Object.keys(json.measures)).toHaveLength(8);
    });
  });

  describe('on an extract whose files have columns blank in every row', () => {
    it('says the column is blank in every row of its file, not that the file needs it', async () => {
      const { db, report } = await loadExtractDir('test/fixtures/case-reference');
      try {
        expect(report.fatal).toBeNull();
        const contents = await readExtractContents(db);
        const unavailable = Object.fromEntries(
          CATALOG.flatMap((measure) => {
            const shown = availability(measure, contents);
            return shown.available ? [] : [[measure.id, shown.needs]];
          }),
        );
        expect(unavailable).toEqual({
          'foster-entry-12m':
            'The first_removal_after_index_date column is blank in every row of families.csv',
          'aid-exit-12m': 'The aid_exit_date column is blank in every row of adults.csv',
          'return-to-aid-12m':
            'The aid_exit_date and aid_return_date columns are blank in every row of adults.csv',
        });
      } finally {
        await db.close();
      }
    });
  });

  describe('on hand-written rows', () => {
    let db: DbClient;
    beforeAll(async () => {
      db = await createMeasureDb();
    });
    beforeEach(async () => {
      await emptyTables(db);
    });
    afterAll(async () => {
      await db.close();
    });

    it('names the file a measure needs when it is not loaded', async () => {
      await addFamily(db, '2024-01-10', { coordinated_plan_date: '2024-01-20' });
      const contents = await readExtractContents(db);
      expect(availability(reunification12m, contents)).toEqual({
        available: false,
        needs: 'Needs children.csv',
      });
      expect(availability(sanctionCure6m, contents)).toEqual({
        available: false,
        needs: 'Needs adults.csv',
      });
    });

    it('says a column blank in every row is not measured, like an absent one', async () => {
      await addFamily(db, '2024-01-10');
      await addFamily(db, '2024-02-10');
      expect(availability(recurrence12m, await readExtractContents(db))).toEqual({
        available: false,
        needs: 'Needs the next_subst_referral_date column in families.csv',
      });
    });

    it('keeps a column blank in some rows meaning not observed by D', async () => {
      await addFamily(db, '2024-01-10', { next_subst_referral_date: '2024-06-01' });
      await addFamily(db, '2024-01-20');
      await addFamily(db, '2024-02-10');
      expect(availability(recurrence12m, await readExtractContents(db))).toEqual({
        available: true,
      });
      const result = await runProportionMeasure(db, recurrence12m, request('2025-06-30'));
      expect(result.rows).toMatchObject([{ group: 'linkages', numerator: 1, denominator: 3 }]);
    });

    it('needs both columns that identify sanctioned adults: with one, the population would be a part of it', async () => {
      const family = await addFamily(db, '2024-01-10');
      await insert(db, 'adults', [
        { person_id: 'P1', family_id: family, sanction_cure_date: '2024-03-01' },
      ]);
      expect(availability(sanctionCure6m, await readExtractContents(db))).toEqual({
        available: false,
        needs: 'Needs the wtw_status_at_index and sanction_start_date columns in adults.csv',
      });
      // A status of "sanction" alone misses sanctions starting within 90 days after the index.
      await insert(db, 'adults', [
        { person_id: 'P2', family_id: family, wtw_status_at_index: 'sanction' },
      ]);
      expect(availability(sanctionCure6m, await readExtractContents(db))).toEqual({
        available: false,
        needs: 'Needs the sanction_start_date column in adults.csv',
      });
      expect(availability(aidDecrease6m, await readExtractContents(db))).toEqual({
        available: false,
        needs: 'Needs the grant_m1 and grant_m6 columns in adults.csv',
      });
      await insert(db, 'adults', [
        { person_id: 'P3', family_id: family, sanction_start_date: '2024-01-05' },
      ]);
      expect(availability(sanctionCure6m, await readExtractContents(db))).toEqual({
        available: true,
      });
    });

    it('does not show the decrease in aid without the status that leaves sanctioned adults out', async () => {
      const family = await addFamily(db, '2024-01-10');
      await insert(db, 'adults', [
        { person_id: 'P1', family_id: family, grant_m1: 900, grant_m6: 800, grant_m9: 700 },
      ]);
      const contents = await readExtractContents(db);
      expect(availability(aidDecrease6m, contents)).toEqual({
        available: false,
        needs: 'Needs the wtw_status_at_index column in adults.csv',
      });
      expect(availability(aidDecrease9m, contents)).toEqual({
        available: false,
        needs: 'Needs the wtw_status_at_index column in adults.csv',
      });
    });
  });
});
