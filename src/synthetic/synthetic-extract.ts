import {
  ADULTS,
  CALIFORNIA_COUNTIES,
  CHILDREN,
  FAMILIES,
  type Group,
  type TableName,
  type TableSpec,
} from '../dataset/schema';

/**
 * A deterministic, seeded generator of Linkages extracts: plausible families, placement episodes
 * and CalWORKs adults with Linkages effects in the intended direction. Rows are streamed in
 * chunks, so a benchmark can write millions of rows without holding them in memory.
 */
export interface SyntheticOptions {
  readonly seed: number;
  /** Number of mutual families (the scale); children and adults follow from them. */
  readonly families: number;
  /** First and last index (mutual start) date, spread evenly between them. */
  readonly startDate: string;
  readonly endDate: string;
  readonly dataThrough: string;
  readonly counties: readonly string[];
  /** Spreadsheet-style mess (mixed headers, date and flag spellings) and three deliberate row errors. */
  readonly mess: boolean;
}

export const SAMPLE_EXTRACT: SyntheticOptions = {
  seed: 20250930,
  families: 6000,
  startDate: '2022-07-01',
  endDate: '2025-06-30',
  dataThrough: '2025-09-30',
  counties: ['Fresno', 'Los Angeles', 'San Luis Obispo', 'Tehama', 'Yolo'],
  mess: true,
};

export interface ExtractChunk {
  readonly table: TableName;
  readonly text: string;
}

export interface DeliberateError {
  readonly table: TableName;
  /** Line in the file; the header is line 1. */
  readonly line: number;
  readonly problem: string;
}

export interface ExtractSummary {
  /** Data rows written per file (the header not counted). */
  readonly rows: Record<TableName, number>;
  readonly dataThrough: string;
  readonly deliberateErrors: readonly DeliberateError[];
}

const CHUNK_CHARS = 1 << 16;

/** Streams the three CSV files as text chunks; the generator's return value counts the rows. */
export function* syntheticExtractChunks(
  options: Partial<SyntheticOptions> = {},
): Generator<ExtractChunk, ExtractSummary> {
  const o = { ...SAMPLE_EXTRACT, ...options };
  const plan = planExtract(o);
  const files = TABLES_IN_ORDER.map((spec) => ({
    spec,
    buffer: [headerLine(spec, o.mess)],
    size: 0,
    rows: 0,
  }));
  const [families, children, adults] = files as [CsvFile, CsvFile, CsvFile];
  const deliberateErrors: DeliberateError[] = [];
  const rng = new Rng(0);
  const fmt = new Rng(0);
  const ids = { child: 0, person: 0 };
  const format = o.mess ? new MessyFormat(fmt) : CLEAN_FORMAT;
  const ready: ExtractChunk[] = [];
  function add(file: CsvFile, line: string): void {
    file.buffer.push(line);
    file.rows += 1;
    file.size += line.length + 2;
    if (file.size >= CHUNK_CHARS) ready.push(flush(file, o.mess));
  }

  const errorAt = Math.floor(o.families / 2);
  const pending = { orphan: true, duplicateFamily: true, duplicateAdult: true };
  for (let i = 0; i < o.families; i++) {
    rng.reseed(mix(o.seed, i));
    fmt.reseed(mix(o.seed ^ 0x5bd1e995, i));
    const family = simulateFamily(i, plan, rng, ids);
    format.startRow();
    add(families, familyLine(family, plan, format));
    for (const episode of family.episodes) add(children, childLine(episode, format));
    for (const adult of family.adults) add(adults, adultLine(adult, format));

    // The deliberate row errors, from mid-file on: an orphan child episode; a family listed twice,
    // picked among those without children so that rejecting both copies orphans only its adults;
    // then, on a later family, an adult listed twice.
    if (o.mess && i >= errorAt) {
      if (pending.orphan) {
        pending.orphan = false;
        add(children, childLine(orphanEpisode(familyId(o.families + 1)), format));
        deliberateErrors.push({
          table: 'children',
          line: children.rows + 1,
          problem: `child episode whose family_id ${familyId(o.families + 1)} is not in families.csv`,
        });
      }
      const twin = family.adults[0];
      if (pending.duplicateFamily && family.episodes.length === 0) {
        pending.duplicateFamily = false;
        add(families, familyLine({ ...family, unit: otherUnit(family) }, plan, format));
        deliberateErrors.push({
          table: 'families',
          line: families.rows + 1,
          problem: `duplicate family_id ${family.familyId} (the family again, under another unit)`,
        });
      } else if (!pending.duplicateFamily && pending.duplicateAdult && twin) {
        pending.duplicateAdult = false;
        add(adults, adultLine(twin, format));
        deliberateErrors.push({
          table: 'adults',
          line: adults.rows + 1,
          problem: `duplicate person_id ${twin.personId}`,
        });
      }
    }
    if (ready.length > 0) {
      yield* ready;
      ready.length = 0;
    }
  }
  for (const file of files) {
    if (file.buffer.length > 0) yield flush(file, o.mess);
  }
  return {
    rows: { families: families.rows, children: children.rows, adults: adults.rows },
    dataThrough: o.dataThrough,
    deliberateErrors: TABLES_IN_ORDER.flatMap((t) =>
      deliberateErrors.filter((e) => e.table === t.name),
    ),
  };
}

/** Drives the generator with a synchronous writer (e.g. `fs.writeSync` per file). */
export function writeSyntheticExtract(
  options: Partial<SyntheticOptions>,
  write: (table: TableName, text: string) => void,
): ExtractSummary {
  const chunks = syntheticExtractChunks(options);
  for (;;) {
    const next = chunks.next();
    if (next.done) return next.value;
    write(next.value.table, next.value.text);
  }
}

/** The whole extract as strings: for tests and small samples only. */
export function syntheticExtractText(options: Partial<SyntheticOptions> = {}): {
  files: Record<TableName, string>;
  summary: ExtractSummary;
} {
  const parts: Record<TableName, string[]> = { families: [], children: [], adults: [] };
  const summary = writeSyntheticExtract(options, (table, text) => parts[table].push(text));
  return {
    files: {
      families: parts.families.join(''),
      children: parts.children.join(''),
      adults: parts.adults.join(''),
    },
    summary,
  };
}

/** Spreadsheet headers the messy sample uses; each normalizes to the column or one of its synonyms. */
export const MESSY_HEADERS: Record<TableName, readonly string[]> = {
  families: [
    'Family ID',
    'County',
    'Unit',
    'Group',
    'Mutual Start Date',
    'Date Identified',
    'Identified By',
    'Linkages Start Date',
    'Coordinated Case Plan Date',
    'CWS Component',
    'Child in Care at Index',
    'CWS Case Close Date',
    'Substantiated Referral Date',
    'First Removal After Index Date',
    'Data Through',
    'Region',
  ],
  children: CHILDREN.columns.map((c) =>
    c.name === 'episode_end_date'
      ? 'exitDate'
      : c.name.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase()),
  ),
  adults: ADULTS.columns.map((c) =>
    c.name === 'wtw_status_at_index' ? 'WTW_STATUS' : c.name.toUpperCase(),
  ),
};

// ---------------------------------------------------------------------------------------------
// The simulated world

type Day = number | null;

interface UnitProfile {
  readonly id: string;
  readonly group: Group;
  readonly weight: number;
}

interface CountyProfile {
  readonly name: string;
  readonly code: string;
  readonly region: string;
  readonly weight: number;
  readonly units: readonly UnitProfile[];
}

interface Placement {
  readonly county: CountyProfile;
  readonly unit: UnitProfile;
  /** Upper end of this unit's share of [0, 1). */
  readonly upTo: number;
}

interface ExtractPlan {
  readonly startDay: number;
  readonly spanDays: number;
  readonly through: number;
  readonly throughIso: string;
  readonly families: number;
  readonly placements: readonly Placement[];
  readonly phase: number;
}

interface Episode {
  readonly childId: string;
  readonly familyId: string;
  readonly removal: number;
  readonly end: Day;
  readonly exitReason: ExitReason | null;
  readonly ageAtRemoval: number;
  readonly ageAtExit: number | null;
  readonly reentry: Day;
}

interface Adult {
  readonly personId: string;
  readonly familyId: string;
  readonly wtwStatus: string | null;
  readonly exclusion: string | null;
  readonly employedAtIndex: boolean | null;
  readonly firstEmployment: Day;
  readonly sanctionStart: Day;
  readonly sanctionCure: Day;
  readonly aidExit: Day;
  readonly aidReturn: Day;
  readonly grants: readonly (number | null)[];
}

interface Family {
  readonly familyId: string;
  readonly county: CountyProfile;
  readonly unit: UnitProfile;
  readonly index: number;
  readonly identified: Day;
  readonly idSource: string | null;
  readonly linkagesStart: Day;
  readonly plan: Day;
  readonly component: string | null;
  readonly childInCare: boolean | null;
  readonly caseClose: Day;
  readonly nextReferral: Day;
  readonly firstRemovalAfterIndex: Day;
  readonly episodes: readonly Episode[];
  readonly adults: readonly Adult[];
}

type ExitReason = 'reunified' | 'adopted' | 'guardianship' | 'emancipated' | 'other';

const KNOWN_COUNTIES: Record<string, { region: string; weight: number; units: UnitProfile[] }> = {
  Fresno: {
    region: 'Central Valley',
    weight: 22,
    units: [
      { id: 'FRE-North', group: 'linkages', weight: 3 },
      { id: 'FRE-Central', group: 'linkages', weight: 1.6 },
      { id: 'FRE-South', group: 'comparison', weight: 2 },
      { id: 'FRE-West', group: 'comparison', weight: 2 },
      { id: 'FRE-Reedley', group: 'comparison', weight: 1 },
    ],
  },
  'Los Angeles': {
    region: 'Southern California',
    weight: 24,
    units: [
      { id: 'LA-Pomona', group: 'linkages', weight: 2 },
      { id: 'LA-Lancaster', group: 'linkages', weight: 1.7 },
      { id: 'LA-Compton', group: 'comparison', weight: 2 },
      { id: 'LA-El Monte', group: 'comparison', weight: 1 },
      { id: 'LA-Unidad Peña', group: 'comparison', weight: 1 },
    ],
  },
  'San Luis Obispo': {
    region: 'Central Coast',
    weight: 18,
    units: [
      { id: 'SLO-North', group: 'linkages', weight: 1.8 },
      { id: 'SLO-Coastal', group: 'comparison', weight: 1 },
      { id: 'SLO-South', group: 'comparison', weight: 1 },
    ],
  },
  Tehama: {
    region: 'Northern California',
    weight: 18,
    units: [
      { id: 'TEH-Red Bluff', group: 'linkages', weight: 1 },
      { id: 'TEH-Corning', group: 'comparison', weight: 1.15 },
    ],
  },
  Yolo: {
    region: 'Sacramento Valley',
    weight: 18,
    units: [
      { id: 'YOL-Woodland', group: 'linkages', weight: 2.2 },
      { id: 'YOL-West Sacramento', group: 'comparison', weight: 1 },
      { id: 'YOL-Davis', group: 'comparison', weight: 1 },
    ],
  },
};

function countyProfile(name: string): CountyProfile {
  const index = CALIFORNIA_COUNTIES.findIndex((c) => c.toLowerCase() === name.toLowerCase());
  if (index < 0) throw new Error(`Unknown California county "${name}"`);
  const canonical = CALIFORNIA_COUNTIES[index]!;
  const code = String(index + 1).padStart(2, '0');
  const known = KNOWN_COUNTIES[canonical];
  if (known) return { name: canonical, code, ...known };
  return {
    name: canonical,
    code,
    region: 'California',
    weight: 20,
    units: [
      { id: `${canonical}-North`, group: 'linkages', weight: 1 },
      { id: `${canonical}-East`, group: 'linkages', weight: 1 },
      { id: `${canonical}-South`, group: 'comparison', weight: 1 },
      { id: `${canonical}-West`, group: 'comparison', weight: 1 },
    ],
  };
}

function planExtract(o: SyntheticOptions): ExtractPlan {
  const startDay = toDay(o.startDate);
  const endDay = toDay(o.endDate);
  const through = toDay(o.dataThrough);
  if (!(Number.isInteger(o.families) && o.families > 0))
    throw new Error('families must be a positive integer');
  if (endDay < startDay) throw new Error('endDate is before startDate');
  if (endDay > through) throw new Error('endDate is after dataThrough');
  if (o.counties.length === 0) throw new Error('at least one county is needed');
  const counties = o.counties.map(countyProfile);
  return {
    startDay,
    spanDays: endDay - startDay + 1,
    through,
    throughIso: isoDate(through),
    families: o.families,
    placements: placeUnits(counties),
    phase: mix(o.seed, -1) / 2 ** 32,
  };
}

function placeUnits(counties: readonly CountyProfile[]): Placement[] {
  const shares = counties.flatMap((county) => {
    const unitTotal = county.units.reduce((sum, u) => sum + u.weight, 0);
    return county.units.map((unit) => ({
      county,
      unit,
      share: (county.weight * unit.weight) / unitTotal,
    }));
  });
  const total = shares.reduce((sum, s) => sum + s.share, 0);
  let upTo = 0;
  return shares.map(({ county, unit, share }) => {
    upTo += share / total;
    return { county, unit, upTo };
  });
}

function observedBy(plan: ExtractPlan, day: number | null): Day {
  return day !== null && day <= plan.through ? day : null;
}

function familyId(n: number): string {
  return `F${String(n).padStart(7, '0')}`;
}

function childId(n: number): string {
  return `C${String(n).padStart(7, '0')}`;
}

function personId(n: number): string {
  return `P${String(n).padStart(7, '0')}`;
}

/** How each group's families fare. The Linkages effects the sample shows are the differences. */
interface GroupRates {
  readonly idSources: Weights<string>;
  readonly identifiedWithinDays: number;
  /** Share who ever get a coordinated case plan, and the median days to it. */
  readonly planEver: number;
  readonly planMedianDays: number;
  readonly planSpread: number;
  /** Families with no child in care: a child removed within a year. */
  readonly removal12m: number;
  readonly recurrence12m: number;
  readonly reunifyEver: number;
  readonly reunifyMedianDays: number;
  readonly reentry12m: number;
  readonly employment12m: number;
  readonly sanctionCure6m: number;
  readonly aidExit12m: number;
  readonly aidReturn12m: number;
  /** A grant cut for other reasons (other income, a member leaving the unit). */
  readonly otherGrantCut: number;
}

const RATES: Record<Group, GroupRates> = {
  linkages: {
    idSources: weights({
      data_match: 30,
      cws_screening: 20,
      calworks_referral: 15,
      liaison: 25,
      court: 3,
      other: 4,
      unknown: 3,
    }),
    identifiedWithinDays: 21,
    planEver: 0.9,
    planMedianDays: 16,
    planSpread: 0.6,
    removal12m: 0.09,
    recurrence12m: 0.1,
    reunifyEver: 0.66,
    reunifyMedianDays: 210,
    reentry12m: 0.08,
    employment12m: 0.35,
    sanctionCure6m: 0.55,
    aidExit12m: 0.2,
    aidReturn12m: 0.16,
    otherGrantCut: 0.12,
  },
  comparison: {
    idSources: weights({
      data_match: 35,
      cws_screening: 25,
      calworks_referral: 20,
      liaison: 5,
      court: 5,
      other: 5,
      unknown: 5,
    }),
    identifiedWithinDays: 45,
    planEver: 0.7,
    planMedianDays: 38,
    planSpread: 0.7,
    removal12m: 0.16,
    recurrence12m: 0.15,
    reunifyEver: 0.6,
    reunifyMedianDays: 285,
    reentry12m: 0.13,
    employment12m: 0.25,
    sanctionCure6m: 0.35,
    aidExit12m: 0.17,
    aidReturn12m: 0.24,
    otherGrantCut: 0.08,
  },
};

const COMPONENTS = weights({ ER: 40, FM: 25, FR: 27, PP: 3, none: 3, unknown: 2 });
const EXCLUSIONS = weights({ timed_out: 4, drug_felon: 1, ssi: 4, non_wtw: 3, other: 2 });
const WTW_STATUSES = weights({
  active: 42,
  exempt: 14,
  noncompliance: 10,
  sanction: 12,
  good_cause: 5,
  not_enrolled: 12,
  unknown: 5,
});
// Ages at removal, 0 to 17: infants most often.
const CHILD_AGES = weightsByIndex([
  18, 8, 7, 6.5, 6, 5.5, 5, 5, 4.5, 4.5, 4, 4, 4, 4.5, 4.5, 4.5, 4, 3,
]);
// Roughly the CalWORKs maximum aid payment by assistance-unit size (region 1, exempt), 2024.
const MAP_BY_AU_SIZE = [0, 900, 1130, 1400, 1660, 1890, 2130];
const ADULT_PORTION = 230;

function simulateFamily(
  i: number,
  plan: ExtractPlan,
  rng: Rng,
  ids: { child: number; person: number },
): Family {
  const id = familyId(i + 1);
  const index = plan.startDay + Math.floor(((i + rng.next()) * plan.spanDays) / plan.families);
  const { county, unit } = placeFamily(i, plan);
  const rates = RATES[unit.group];
  const seen = (day: number | null) => observedBy(plan, day);

  const idSource = rng.chance(0.05) ? null : rng.pickFrom(rates.idSources);
  const identifiedAfter = rng.int(0, idSource === 'data_match' ? 7 : rates.identifiedWithinDays);
  const identified = rng.chance(0.1) ? null : seen(index + identifiedAfter);
  const linkagesStart =
    unit.group === 'linkages' && rng.chance(0.9)
      ? seen(index + Math.floor(rng.exponential(6)))
      : null;

  let planDay: number | null = null;
  if (rng.chance(0.006)) planDay = index - rng.int(1, 60);
  else if (rng.chance(rates.planEver)) {
    planDay = index + Math.round(rng.lognormal(rates.planMedianDays, rates.planSpread));
    if (linkagesStart !== null) planDay = Math.max(planDay, linkagesStart);
  }

  const component = rng.chance(0.02) ? null : rng.pickFrom(COMPONENTS);
  let childInCare: boolean | null = false;
  if (component === 'FR' || component === 'PP') childInCare = true;
  else if (component === 'ER') childInCare = rng.chance(0.3);
  else if (component === null || component === 'unknown')
    childInCare = rng.chance(0.5) ? null : false;

  // Children already in care were removed on or before the index date; otherwise some families
  // see a removal in the year after it.
  const episodes: Episode[] = [];
  let kids = 0;
  let removal = index;
  if (childInCare !== false) {
    if (component === 'PP') removal = index - rng.int(200, 900);
    else if (component === 'FR') removal = index - rng.int(0, 200);
    else removal = index - rng.int(0, 20);
    if (childInCare) kids = 1 + (rng.chance(0.5) ? (rng.chance(0.35) ? 2 : 1) : 0);
    else kids = rng.chance(0.5) ? 1 : 0;
  } else if (rng.chance(rates.removal12m)) {
    removal = index + 1 + Math.floor(364 * rng.next() ** 1.6);
    if (removal <= plan.through) kids = rng.chance(0.35) ? 2 : 1;
  }
  for (let k = 0; k < kids; k++) {
    ids.child += 1;
    const apart = removal <= index && rng.chance(0.2);
    const age = rng.pickFrom(CHILD_AGES) + rng.next();
    simulateEpisodes(
      childId(ids.child),
      id,
      apart ? removal - rng.int(1, 60) : removal,
      age,
      childInCare === true ? index : null,
      rates,
      plan,
      rng,
      episodes,
    );
  }

  let firstRemovalAfterIndex: Day = null;
  let lastEnd = index;
  let anyOpen = false;
  for (const e of episodes) {
    if (
      e.removal > index &&
      (firstRemovalAfterIndex === null || e.removal < firstRemovalAfterIndex)
    ) {
      firstRemovalAfterIndex = e.removal;
    }
    if (e.end === null) anyOpen = true;
    else lastEnd = Math.max(lastEnd, e.end);
  }

  let caseClose: number | null = null;
  if (episodes.length > 0) caseClose = anyOpen ? null : lastEnd + rng.int(30, 180);
  else if (component === 'FM') caseClose = index + Math.round(rng.lognormal(270, 0.4));
  else if (component === 'none') {
    if (rng.chance(0.3)) caseClose = index + Math.round(rng.lognormal(60, 0.5));
  } else if (rng.chance(0.65)) caseClose = index + 1 + Math.round(rng.lognormal(75, 0.5));

  let nextReferral: number | null = null;
  if (rng.chance(rates.recurrence12m)) nextReferral = index + 15 + rng.int(0, 350);
  else if (rng.chance(0.05)) nextReferral = index + rng.int(366, 1000);

  const adults: Adult[] = [];
  const adultCount = rng.chance(0.78) ? 1 : rng.chance(0.9) ? 2 : 3;
  const auSize = adultCount + Math.max(1, kids) + rng.int(0, 1);
  for (let a = 0; a < adultCount; a++) {
    ids.person += 1;
    adults.push(simulateAdult(personId(ids.person), id, index, auSize, rates, plan, rng));
  }

  return {
    familyId: id,
    county,
    unit,
    index,
    identified,
    idSource,
    linkagesStart,
    plan: seen(planDay),
    component,
    childInCare,
    caseClose: seen(caseClose),
    nextReferral: seen(nextReferral),
    firstRemovalAfterIndex,
    episodes,
    adults,
  };
}

/** One placement episode of a child, and the next ones if the child re-enters care. */
function simulateEpisodes(
  childId: string,
  familyId: string,
  removal: number,
  ageYears: number,
  /** A day the child is known to be in care (the index date), or null. */
  inCareOn: number | null,
  rates: GroupRates,
  plan: ExtractPlan,
  rng: Rng,
  out: Episode[],
): void {
  const atLeast = inCareOn === null ? 1 : inCareOn - removal + 1;
  let { duration, reason } = sampleExit(ageYears, rates, rng);
  for (let tries = 0; duration < atLeast && tries < 20; tries++) {
    ({ duration, reason } = sampleExit(ageYears, rates, rng));
  }
  if (duration < atLeast) duration = atLeast + rng.int(30, 365);
  const end = removal + duration <= plan.through ? removal + duration : null;

  let reentry: number | null = null;
  if (end !== null && reason === 'reunified') {
    if (rng.chance(rates.reentry12m)) reentry = end + 8 + Math.floor(357 * rng.next() ** 1.5);
    else if (rng.chance(0.04)) reentry = end + rng.int(366, 900);
    const ageAtReentry = reentry === null ? 0 : ageYears + (reentry - removal) / 365.25;
    if (reentry !== null && (reentry > plan.through || ageAtReentry >= 18)) reentry = null;
  }
  out.push({
    childId,
    familyId,
    removal,
    end,
    exitReason: end === null ? null : reason,
    ageAtRemoval: Math.floor(ageYears),
    ageAtExit: end === null ? null : Math.floor(ageYears + duration / 365.25),
    // Often left blank: the re-entry is then the child's next episode row.
    reentry: reentry !== null && rng.chance(0.6) ? reentry : null,
  });
  if (reentry !== null && out.length < 12) {
    const ageAtReentry = ageYears + (reentry - removal) / 365.25;
    simulateEpisodes(childId, familyId, reentry, ageAtReentry, null, rates, plan, rng, out);
  }
}

/** Time in care and how the episode ends, for a child removed at `ageYears`. */
function sampleExit(
  ageYears: number,
  rates: GroupRates,
  rng: Rng,
): { duration: number; reason: ExitReason } {
  const r = rng.next();
  const reunify = 0.04 + rates.reunifyEver;
  let duration = Infinity;
  let reason: ExitReason = 'emancipated';
  if (r < 0.04) {
    duration = rng.int(1, 7);
    reason = 'reunified';
  } else if (r < reunify) {
    duration = 8 + Math.round(rng.lognormal(rates.reunifyMedianDays, 0.7));
    reason = 'reunified';
  } else if (r < reunify + 0.12) {
    duration = 540 + rng.int(0, 600);
    reason = 'adopted';
  } else if (r < reunify + 0.22) {
    duration = 300 + rng.int(0, 500);
    reason = 'guardianship';
  } else if (r < reunify + 0.28) {
    duration = 8 + Math.round(rng.lognormal(150, 1));
    reason = 'other';
  }
  // Still in care at 18: most leave then, some stay in extended foster care up to 21.
  const toAdulthood = Math.ceil((18 - ageYears) * 365.25);
  if (duration >= toAdulthood) {
    duration = toAdulthood + (rng.chance(0.6) ? rng.int(0, 30) : rng.int(30, 3 * 365));
    reason = 'emancipated';
  }
  return { duration, reason };
}

function simulateAdult(
  personId: string,
  familyId: string,
  index: number,
  auSize: number,
  rates: GroupRates,
  plan: ExtractPlan,
  rng: Rng,
): Adult {
  const seen = (day: number | null) => observedBy(plan, day);
  const exclusion = rng.chance(0.14) ? rng.pickFrom(EXCLUSIONS) : null;
  let wtwStatus: string | null = null;
  if (exclusion === 'non_wtw') wtwStatus = 'not_enrolled';
  else if (!rng.chance(0.02)) wtwStatus = rng.pickFrom(WTW_STATUSES);
  const employedAtIndex = rng.chance(0.1) ? null : rng.chance(0.19);

  let firstEmployment: number | null = null;
  if (employedAtIndex !== true) {
    firstEmployment = index + Math.floor(rng.exponentialWithin(365, rates.employment12m));
  } else if (rng.chance(0.15)) firstEmployment = index + rng.int(0, 365);

  let sanctionStart: number | null = null;
  if (wtwStatus === 'sanction') sanctionStart = index - rng.int(15, 500);
  else if (wtwStatus === 'noncompliance' && rng.chance(0.45))
    sanctionStart = index + rng.int(7, 90);
  else if (wtwStatus === 'active' && rng.chance(0.03)) sanctionStart = index + rng.int(30, 365);
  sanctionStart = seen(sanctionStart);
  const sanctionCure =
    sanctionStart === null
      ? null
      : Math.max(index, sanctionStart) +
        1 +
        Math.floor(rng.exponentialWithin(182, rates.sanctionCure6m));

  // Work often ends aid a few months after it starts.
  let aidExit: number | null =
    index + 30 + Math.floor(rng.exponentialWithin(335, rates.aidExit12m));
  if (firstEmployment !== null && rng.chance(0.45)) {
    aidExit = Math.min(aidExit, firstEmployment + rng.int(30, 150));
  }
  aidExit = seen(aidExit);
  const aidReturn =
    aidExit === null
      ? null
      : aidExit + 90 + Math.floor(rng.exponentialWithin(275, rates.aidReturn12m));

  const sanctionedAtIndex = sanctionStart !== null && sanctionStart <= index;
  const base = Math.round((MAP_BY_AU_SIZE[Math.min(auSize, 6)] ?? 1500) * (0.9 + 0.2 * rng.next()));
  let m1: number | null = base - (sanctionedAtIndex ? ADULT_PORTION : 0);
  if (rng.chance(0.03)) m1 = null;
  else if (rng.chance(0.04)) m1 = 0;
  const grants: (number | null)[] = [m1];
  const months = monthStarts(index);
  for (const month of [6, 9, 12]) {
    const start = months[month - 1]!;
    const end = months[month]! - 1;
    if (end > plan.through || rng.chance(0.02)) {
      grants.push(null);
      continue;
    }
    const onAid = aidExit === null || aidExit > start || (aidReturn !== null && aidReturn <= start);
    const sanctioned =
      sanctionStart !== null && sanctionStart <= start && (sanctionCure ?? Infinity) > start;
    let grant = base;
    if (!onAid) grant = 0;
    else if (firstEmployment !== null && firstEmployment <= start)
      grant = roundCents(base * (0.35 + 0.45 * rng.next()));
    else if (sanctioned) grant = base - ADULT_PORTION;
    else if (rng.chance(rates.otherGrantCut)) grant = roundCents(base * (0.85 + 0.1 * rng.next()));
    else if (rng.chance(0.05)) grant = Math.round(base * 1.04);
    grants.push(grant);
  }

  return {
    personId,
    familyId,
    wtwStatus,
    exclusion,
    employedAtIndex,
    firstEmployment: seen(firstEmployment),
    sanctionStart,
    sanctionCure: seen(sanctionCure),
    aidExit,
    aidReturn: seen(aidReturn),
    grants,
  };
}

// Families go to units along a golden-ratio (Weyl) sequence: as random-looking as a draw, but
// every run of consecutive families (a quarter's cohort) is split across units almost exactly in
// proportion, so small counties don't get chance-empty cells.
function placeFamily(i: number, plan: ExtractPlan): Placement {
  const u = (plan.phase + i * 0.6180339887498949) % 1;
  const placements = plan.placements;
  let lo = 0;
  let hi = placements.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (placements[mid]!.upTo > u) hi = mid;
    else lo = mid + 1;
  }
  return placements[lo]!;
}

function otherUnit(family: Family): UnitProfile {
  const units = family.county.units;
  return units[(units.indexOf(family.unit) + 1) % units.length]!;
}

function orphanEpisode(unknownFamilyId: string): Episode {
  return {
    childId: childId(0),
    familyId: unknownFamilyId,
    removal: Date.UTC(2024, 0, 2) / DAY_MS,
    end: null,
    exitReason: null,
    ageAtRemoval: 4,
    ageAtExit: null,
    reentry: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Writing rows

interface CsvFile {
  readonly spec: TableSpec;
  buffer: string[];
  size: number;
  rows: number;
}

const TABLES_IN_ORDER = [FAMILIES, CHILDREN, ADULTS] as const;

function flush(file: CsvFile, mess: boolean): ExtractChunk {
  // Windows line ends in one messy file, as a spreadsheet saved on Windows writes them.
  const eol = mess && file.spec === CHILDREN ? '\r\n' : '\n';
  const chunk = { table: file.spec.name, text: file.buffer.join(eol) + eol };
  file.buffer = [];
  file.size = 0;
  return chunk;
}

function headerLine(spec: TableSpec, mess: boolean): string {
  if (!mess) return spec.columns.map((c) => c.name).join(',');
  // A byte-order mark, as Excel writes "CSV UTF-8" files.
  return (spec === ADULTS ? '\uFEFF' : '') + MESSY_HEADERS[spec.name].map(quote).join(',');
}

interface ValueFormat {
  readonly mess: boolean;
  /** Called once per family: its rows share a date style, as one clerk's entries would. */
  startRow(): void;
  blank(): string;
  date(day: Day, style?: 'iso' | 'us' | 'mixed'): string;
  flag(value: boolean | null): string;
  money(value: number | null): string;
  county(county: CountyProfile): string;
  group(group: Group): string;
  exitReason(reason: ExitReason | null): string;
  /** An open-ended date: blank, or a placeholder such as 9999-12-31. */
  openDate(): string;
  outOfWindow(): boolean;
}

const CLEAN_FORMAT: ValueFormat = {
  mess: false,
  startRow() {},
  blank: () => '',
  date: (day) => (day === null ? '' : isoDate(day)),
  flag: (value) => (value === null ? '' : value ? 'Y' : 'N'),
  money: (value) => (value === null ? '' : String(value)),
  county: (county) => county.name,
  group: (group) => group,
  exitReason: (reason) => reason ?? '',
  openDate: () => '',
  outOfWindow: () => false,
};

const EXIT_CODES: Record<ExitReason, readonly string[]> = {
  reunified: ['5439', '5440', '5513'],
  adopted: ['5426', '5505', '5438'],
  guardianship: ['5434', '5516'],
  emancipated: ['5427', '5506'],
  other: ['other'],
};

const OPEN_DATES = ['9999-12-31', '12/31/9999'];

/** Spreadsheet habits, all legal under the extract spec. */
class MessyFormat implements ValueFormat {
  readonly mess = true;
  private usDates = false;

  constructor(private readonly fmt: Rng) {}

  startRow(): void {
    this.usDates = this.fmt.chance(0.3);
  }

  blank(): string {
    return this.fmt.chance(0.85) ? '' : this.fmt.chance(0.8) ? 'NA' : 'N/A';
  }

  date(day: Day, style: 'iso' | 'us' | 'mixed' = 'iso'): string {
    if (day === null) return this.blank();
    const us = style === 'us' || (style === 'mixed' && this.usDates);
    return us ? usDate(day) : isoDate(day);
  }

  flag(value: boolean | null): string {
    if (value === null) return this.fmt.chance(0.8) ? '' : 'Unknown';
    return this.fmt.chance(0.5) ? (value ? 'Yes' : 'No') : value ? 'Y' : 'N';
  }

  money(value: number | null): string {
    if (value === null) return this.blank();
    const r = this.fmt.next();
    if (r < 0.4) return `"$${thousands(value)}"`;
    if (r < 0.6) return `"${thousands(value)}"`;
    return String(value);
  }

  county(county: CountyProfile): string {
    const r = this.fmt.next();
    if (r < 0.55) return county.name;
    if (r < 0.7) return county.name.toUpperCase();
    if (r < 0.8) return county.name.toLowerCase();
    if (r < 0.88) return `${county.name} County`;
    return county.code;
  }

  group(group: Group): string {
    if (group === 'linkages') return this.fmt.chance(0.88) ? 'Linkages' : 'pilot';
    return this.fmt.chance(0.93) ? 'Comparison' : 'non-Linkages';
  }

  exitReason(reason: ExitReason | null): string {
    if (reason === null) return this.blank();
    return this.fmt.chance(0.1) ? this.fmt.pickOne(EXIT_CODES[reason]) : reason;
  }

  openDate(): string {
    return this.fmt.chance(0.08) ? this.fmt.pickOne(OPEN_DATES) : this.blank();
  }

  outOfWindow(): boolean {
    return this.fmt.chance(0.15);
  }
}

function familyLine(f: Family, plan: ExtractPlan, v: ValueFormat): string {
  // A few plan dates past the data-through date: a warning the loader must show, not an error.
  const planDay =
    f.plan === null && f.index > plan.through - 120 && v.outOfWindow()
      ? plan.through + 1 + (f.index % 20)
      : f.plan;
  const cells = [
    f.familyId,
    v.county(f.county),
    quote(f.unit.id),
    v.group(f.unit.group),
    v.date(f.index, 'mixed'),
    v.date(f.identified, 'us'),
    f.idSource ?? v.blank(),
    v.date(f.linkagesStart),
    v.date(planDay, 'mixed'),
    f.component ?? v.blank(),
    v.flag(f.childInCare),
    f.caseClose === null ? v.openDate() : v.date(f.caseClose),
    v.date(f.nextReferral),
    v.date(f.firstRemovalAfterIndex),
    plan.throughIso,
  ];
  if (v.mess) cells.push(f.county.region);
  return cells.join(',');
}

function childLine(e: Episode, v: ValueFormat): string {
  return [
    e.childId,
    e.familyId,
    v.date(e.removal, 'mixed'),
    v.date(e.end, 'mixed'),
    v.exitReason(e.exitReason),
    String(e.ageAtRemoval),
    e.ageAtExit === null ? v.blank() : String(e.ageAtExit),
    v.date(e.reentry),
  ].join(',');
}

function adultLine(a: Adult, v: ValueFormat): string {
  return [
    a.personId,
    a.familyId,
    a.wtwStatus ?? v.blank(),
    a.exclusion ?? '',
    v.flag(a.employedAtIndex),
    v.date(a.firstEmployment, 'mixed'),
    v.date(a.sanctionStart),
    v.date(a.sanctionCure),
    v.date(a.aidExit),
    v.date(a.aidReturn),
    v.money(a.grants[0] ?? null),
    v.money(a.grants[1] ?? null),
    v.money(a.grants[2] ?? null),
    v.money(a.grants[3] ?? null),
  ].join(',');
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** 1234.5 → "1,234.50" (amounts here are never negative). */
function thousands(value: number): string {
  const fixed = value.toFixed(2);
  let whole = fixed.slice(0, -3);
  let grouped = fixed.slice(-3);
  while (whole.length > 3) {
    grouped = `,${whole.slice(-3)}${grouped}`;
    whole = whole.slice(0, -3);
  }
  return whole + grouped;
}

const roundCents = (value: number) => Math.round(value * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Days since 1970-01-01 (UTC), formatted through a cache: the same few thousand dates repeat.

const DAY_MS = 86_400_000;

function toDay(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`Expected a YYYY-MM-DD date, got "${iso}"`);
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

const isoCache = new Map<number, string>();
const usCache = new Map<number, string>();

function isoDate(day: number): string {
  let text = isoCache.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoCache.set(day, text);
  }
  return text;
}

function usDate(day: number): string {
  let text = usCache.get(day);
  if (text === undefined) {
    const d = new Date(day * DAY_MS);
    text = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
    usCache.set(day, text);
  }
  return text;
}

const monthCache = new Map<number, readonly number[]>();

/** First days of the calendar months after the index month: [0] is the index month, [12] a year on. */
function monthStarts(index: number): readonly number[] {
  const d = new Date(index * DAY_MS);
  const key = d.getUTCFullYear() * 12 + d.getUTCMonth();
  let starts = monthCache.get(key);
  if (starts === undefined) {
    starts = Array.from(
      { length: 13 },
      (_, m) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, 1) / DAY_MS,
    );
    monthCache.set(key, starts);
  }
  return starts;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness: mulberry32, reseeded per family so family i is the same at any scale.

function mix(seed: number, i: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  constructor(private state: number) {}

  reseed(state: number): void {
    this.state = state;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pickFrom<T>(mix: Weights<T>): T {
    const r = this.next() * mix.total;
    const { values, upTo } = mix;
    for (let k = 0; k < values.length - 1; k++) if (r < upTo[k]!) return values[k]!;
    return values[values.length - 1]!;
  }

  pickOne<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Waiting time with a constant hazard such that the event happens within `days` with probability p. */
  exponentialWithin(days: number, p: number): number {
    return this.exponential(days / -Math.log(1 - p));
  }
}

interface Weights<T> {
  readonly values: readonly T[];
  readonly upTo: readonly number[];
  readonly total: number;
}

function weightsByIndex(relative: readonly number[]): Weights<number> {
  let total = 0;
  const upTo = relative.map((w) => (total += w));
  return { values: relative.map((_, k) => k), upTo, total };
}

/** A categorical distribution from relative weights, e.g. `weights({ ER: 40, FM: 25 })`. */
function weights<K extends string>(relative: Record<K, number>): Weights<K> {
  const values = Object.keys(relative) as K[];
  let total = 0;
  const upTo = values.map((v) => (total += relative[v]));
  return { values, upTo, total };
}
