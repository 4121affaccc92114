import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/measures/catalog';
import { definitionalExclusion } from '../../../src/measures/definitional-exclusions';

describe('definitionalExclusion: which measures leave members out by definition, held by suppression', () => {
  it('is the families family’s proportion and time to event, read off their definitions', () => {
    const held = CATALOG.flatMap((measure) => {
      const exclusion = definitionalExclusion(measure);
      return exclusion ? [{ id: measure.id, ...exclusion }] : [];
    });
    expect(held).toEqual([
      {
        id: 'coordination-30d',
        columns: ['coordinated_plan_date'],
        countTitle: 'Mutual families identified',
      },
      {
        id: 'time-to-coordination',
        columns: ['coordinated_plan_date'],
        countTitle: 'Mutual families identified',
      },
    ]);
  });

  it('none for a count of the family, a child-episode measure, or a measure in no family', () => {
    for (const id of [
      'families-identified',
      'reunification-12m',
      'time-to-reunification',
      'employment-12m',
    ])
      expect(definitionalExclusion(CATALOG.find((m) => m.id === id)!), id).toBeNull();
  });
});
