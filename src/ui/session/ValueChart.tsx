import type { FirmType } from '../../core/labs/permitAuction/fields';
import { LineChartView, type LineSpec } from '../charts/LineChartView';
import { THEORY_COLOR } from '../charts/palette';
import { marginalValueLine } from '../labs/permitAuction/curves';
import { bidStepLine } from '../labs/permitAuction/training/curves';

/** The student's own marginal value c·(e − q) of the q-th permit, and their bid in, as steps. */
export function ValueChart({ firm, bid }: { firm: FirmType; bid: readonly number[] | null }) {
  const lines: LineSpec[] = [{ key: 'p', name: 'your value of the q-th permit', color: THEORY_COLOR, width: 2.5, data: marginalValueLine(firm) }];
  if (bid) lines.push({ key: 'p', name: 'your bid', color: '#1d4ed8', width: 3, data: bidStepLine(bid) });
  return (
    <div data-testid="student.value-chart">
      <LineChartView rows={[]} x="q" xLabel="permits (units)" yLabel="value (per permit)" lines={lines} height={190} xDomain={[0, 'auto']} yDomain={[0, 'auto']} />
    </div>
  );
}
