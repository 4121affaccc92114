import type { DbClient } from '../db/client';
import { measuresShown } from './catalog';
import { keptExtractContents } from './columns-read';
import { DEFAULT_PERIOD } from './cohorts';
import { keptFilterValues } from './filter-values';
import { MemberTables, type PreparedMemberTables } from './member-tables';
import { runMeasure } from './run-measure';

/**
 * The member tables and kept values (MemberTables) of every measure the loaded extract in `db`
 * can show, for data through `dataThrough` (YYYY-MM-DD), and the extract's contents and filter
 * values: what the first dashboard reads (no view's filters, breakdown or cohort size changes
 * them), written by MemberTables.prepare for
 * MemberTables.fromPrepared. Runs each measure once on its own set, then drops the set's tables.
 * For small extracts (the bundled sample, `npm run sample-data`): every row passes through
 * JavaScript.
 */
export async function prepareMemberTables(
  db: DbClient,
  dataThrough: string,
): Promise<{ prepared: PreparedMemberTables; arrows: Uint8Array }> {
  const set = new MemberTables(db);
  try {
    const contents = await keptExtractContents(db, set);
    await keptFilterValues(db, set, contents.tables);
    const measures = measuresShown(contents);
    await Promise.all(
      measures.map((measure) =>
        runMeasure(
          db,
          measure,
          { by: ['cohort'], period: DEFAULT_PERIOD, dataThrough },
          undefined,
          set,
        ),
      ),
    );
    return await set.prepare();
  } finally {
    await set.dispose();
  }
}
