import { formatSeconds } from '../../core/jobs/estimate';
import { checkRun, notify, startRun } from '../../state/store';

/**
 * What Run, Space and the presenter's Start do: check the job's cost first. A job that needs more memory than a
 * worker has is refused with a message naming the fields to lower; one that takes minutes asks first (the
 * browser's own confirm dialog: keyboard and screen-reader ready); the rest starts at once.
 */
export function startChecked(confirm: (question: string) => boolean = (q) => window.confirm(q)): void {
  const verdict = checkRun();
  if (verdict.kind === 'refuse') {
    notify('error', `Not started: ${verdict.message}.`);
    return;
  }
  if (verdict.kind === 'confirm' && !confirm(`This run will take about ${formatSeconds(verdict.seconds)} on this machine (${verdict.estimate}). Start it?`)) return;
  startRun();
}
