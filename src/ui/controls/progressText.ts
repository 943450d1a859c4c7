import type { AggregateProgress } from '../../state/selectors';
import { fmtInt } from '../format';

/**
 * The progress line's count, in whole units of the lab's own unit: "1 747 / 10 000 rounds · 1/3 runs". A part
 * done is never shown as a whole one (a fractional count is floored), so the count reaches the total only
 * when the work has.
 */
export function progressCount(p: Pick<AggregateProgress, 'done' | 'total' | 'runsDone' | 'runsTotal'>, unit: string): string {
  const runs = p.runsTotal > 1 ? ` · ${p.runsDone}/${p.runsTotal} runs` : '';
  return `${fmtInt(Math.floor(p.done))} / ${fmtInt(Math.round(p.total))} ${unit}${runs}`;
}
