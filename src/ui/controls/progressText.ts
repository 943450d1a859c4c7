import type { AggregateProgress } from '../../state/selectors';
import { fmtInt } from '../format';

/**
 * The progress line's count, in whole units of the lab's own unit: "1 747 / 10 000 rounds · 1/3 runs". A part
 * done is never shown as a whole one (a fractional count is floored), so the count reaches the total only
 * when the work has. A job of several runs says how the pool runs them: "one after another" while one computes
 * and others wait for a worker, "3 side by side" while several compute.
 */
export function progressCount(p: Pick<AggregateProgress, 'done' | 'total' | 'runsDone' | 'runsTotal'> & Partial<Pick<AggregateProgress, 'runsRunning' | 'runsQueued'>>, unit: string): string {
  const running = p.runsRunning ?? 0;
  const how = running > 1 ? `, ${running} side by side` : running === 1 && (p.runsQueued ?? 0) > 0 ? ', one after another' : '';
  const runs = p.runsTotal > 1 ? ` · ${p.runsDone}/${p.runsTotal} runs${how}` : '';
  return `${fmtInt(Math.floor(p.done))} / ${fmtInt(Math.round(p.total))} ${unit}${runs}`;
}
