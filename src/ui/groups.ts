import type { Group } from '../dataset/schema';

/**
 * Linkages and comparison are always these two colors (Okabe–Ito blue and orange: distinct for
 * color-blind readers, and dark versus light in grayscale), and comparison is always dashed.
 */
export const GROUP_STYLE: Record<
  Group,
  {
    label: string;
    color: string;
    dash?: string;
    /** Darker, for text on white (contrast). */
    text: string;
  }
> = {
  linkages: { label: 'Linkages units', color: '#0072B2', text: '#005a8c' },
  comparison: { label: 'Comparison units', color: '#E69F00', dash: '6 4', text: '#8a5a00' },
};

export const GROUP_ORDER: readonly Group[] = ['linkages', 'comparison'];

/** Sort key for Recharts legends and tooltips: Linkages first, always. */
export function groupOrder(item: { dataKey?: unknown }): number {
  return GROUP_ORDER.findIndex((group) => group === item.dataKey);
}
