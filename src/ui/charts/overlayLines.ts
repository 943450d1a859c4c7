import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { findLab } from '../../core/labs/registry';
import type { OverlaySpec } from '../../core/labs/outputs';
import { decimateRows } from '../../core/math/decimate';
import type { RunRecord } from '../../state/runRecord';
import { selectOverlayIds } from '../../state/selectors';
import { useLabStore } from '../../state/store';
import type { LineSpec } from './LineChartView';
import { OVERLAY_COLOR } from './palette';

/** Points per overlaid run: enough for the shape, cheap to draw. */
const OVERLAY_POINTS = 300;

/**
 * The dashed grey lines of past runs over a lab's main chart: for each record, the lab's overlay `y` of its
 * `series` rows against `x` (records without those rows draw nothing). Each line has its own rows, keyed by the
 * record id, so several overlays never collide.
 */
export function overlayLines(spec: OverlaySpec, records: readonly RunRecord[]): LineSpec[] {
  const lines: LineSpec[] = [];
  for (const r of records) {
    const key = `overlay:${r.id}`;
    const data: Record<string, number>[] = [];
    for (const row of decimateRows(r.series[spec.series] ?? [], OVERLAY_POINTS)) {
      const x = row[spec.x];
      const y = spec.y(row);
      if (x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y)) data.push({ [spec.x]: x, [key]: y });
    }
    if (!data.length) continue;
    const when = new Date(r.finishedAt ?? r.startedAt).toLocaleTimeString();
    lines.push({ key, name: `past: ${spec.label}, ${r.label} (${when})`, color: OVERLAY_COLOR, width: 1.5, dashed: true, data });
  }
  return lines;
}

/** Whether a history record has anything for its lab's overlay to draw. */
export function canOverlay(r: RunRecord): boolean {
  const lab = findLab(r.lab);
  return !!lab && (r.series[lab.overlay.series]?.length ?? 0) > 0;
}

/**
 * Overlay lines of the visible lab's ticked history records; with `configKey`, only records whose config has
 * `configValue` there (e.g. the permit column of one mechanism draws that mechanism's past runs).
 */
export function useOverlayLines(configKey?: string, configValue?: string): LineSpec[] {
  const labId = useLabStore((s) => s.lab);
  const records = useLabStore(useShallow((s) => s.history.filter((h) => selectOverlayIds(s).includes(h.id))));
  return useMemo(() => {
    const lab = findLab(labId);
    const kept = configKey === undefined ? records : records.filter((r) => r.config[configKey] === configValue);
    return lab ? overlayLines(lab.overlay, kept) : [];
  }, [labId, records, configKey, configValue]);
}
