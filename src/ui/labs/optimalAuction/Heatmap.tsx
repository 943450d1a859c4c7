import { useState } from 'react';
import type { HeatmapSnapshot } from '../../../core/labs/optimalAuction/heatmap';
import type { OptimalAuctionTheory } from '../../../core/labs/optimalAuction/run';
import { ChartCard } from '../../charts/ChartCard';
import { fmt } from '../../format';

const W = 460;
const H = 380;
const M = { left: 56, right: 84, top: 12, bottom: 46 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

/** White → blue (allocation) or white → orange (payment), t ∈ [0, 1]. */
function color(t: number, kind: 'alloc' | 'pay'): string {
  const c = Math.min(1, Math.max(0, t));
  const to = kind === 'alloc' ? [33, 102, 172] : [217, 95, 2];
  const ch = (j: number) => Math.round(255 + (to[j] - 255) * c);
  return `rgb(${ch(0)},${ch(1)},${ch(2)})`;
}

export interface HeatmapProps {
  id: string;
  title: string;
  caption: string;
  snap: HeatmapSnapshot | null;
  theory: OptimalAuctionTheory | null;
  kind: 'alloc' | 'pay';
  bidder: 0 | 1;
  emptyHint: string;
}

/**
 * The learned mechanism over the value box of two bidders as an SVG heatmap (41 × 41 cells): bidder
 * `bidder`'s allocation probability or payment at each (v1, v2), with Myerson's allocation boundary dashed
 * on top (reserves r_i and the curve φ1(v1) = φ2(v2)). Axes in value units; a colour bar with its scale.
 */
export function Heatmap({ id, title, caption, snap, theory, kind, bidder, emptyHint }: HeatmapProps) {
  const [hover, setHover] = useState<{ v1: number; v2: number; z: number } | null>(null);
  if (!snap) {
    return (
      <ChartCard id={id} title={title} caption={caption}>
        <div className="empty">{emptyHint}</div>
      </ChartCard>
    );
  }
  const P = snap.points;
  const [hi1, hi2] = snap.upper;
  const values = kind === 'alloc' ? snap.alloc : snap.pay;
  const zmax = kind === 'alloc' ? 1 : Math.max(1e-9, ...values.filter((_, j) => j % 2 === bidder));
  const cw = PW / P;
  const ch = PH / P;
  const x = (v1: number) => M.left + (v1 / hi1) * PW;
  const y = (v2: number) => M.top + PH - (v2 / hi2) * PH;
  const cells = [];
  for (let g1 = 0; g1 < P; g1++)
    for (let g2 = 0; g2 < P; g2++) {
      const z = values[(g1 * P + g2) * 2 + bidder];
      cells.push(<rect key={g1 * P + g2} x={M.left + g1 * cw} y={M.top + PH - (g2 + 1) * ch} width={cw + 0.5} height={ch + 0.5} fill={color(z / zmax, kind)} />);
    }
  const b = theory?.boundary;
  const boundary = b
    ? [
        `M ${x(b.reserve[0])} ${y(0)} L ${x(b.reserve[0])} ${y(b.reserve[1])} ` + b.curve.map((p) => `L ${x(Math.min(p.v1, hi1))} ${y(Math.min(p.v2, hi2))}`).join(' '),
        `M ${x(0)} ${y(b.reserve[1])} L ${x(b.reserve[0])} ${y(b.reserve[1])}`,
      ]
    : [];
  const ticks = (hi: number) => [0, hi / 4, hi / 2, (3 * hi) / 4, hi];
  const onMove = (e: React.MouseEvent<SVGRectElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const fx = (e.clientX - r.left) / r.width;
    const fy = 1 - (e.clientY - r.top) / r.height;
    const g1 = Math.min(P - 1, Math.max(0, Math.floor(fx * P)));
    const g2 = Math.min(P - 1, Math.max(0, Math.floor(fy * P)));
    setHover({ v1: (hi1 * g1) / (P - 1), v2: (hi2 * g2) / (P - 1), z: values[(g1 * P + g2) * 2 + bidder] });
  };
  const what = kind === 'alloc' ? `P(bidder ${bidder + 1} wins)` : `bidder ${bidder + 1}'s payment`;
  return (
    <ChartCard id={id} title={title} caption={caption}>
      <svg className="recharts-surface heatmap" width={W} height={H} viewBox={`0 0 ${W} ${H}`} style={{ width: '100%', height: 'auto', maxWidth: W }} role="img" aria-label={`${title}: ${what} over bidder 1's value (x) and bidder 2's value (y)`}>
        <rect x={0} y={0} width={W} height={H} fill="#fff" />
        {cells}
        <rect x={M.left} y={M.top} width={PW} height={PH} fill="transparent" stroke="#6b7280" onMouseMove={onMove} onMouseLeave={() => setHover(null)} />
        {boundary.map((d, j) => (
          <path key={j} d={d} fill="none" stroke="#111827" strokeWidth={2} strokeDasharray="6 4" pointerEvents="none" />
        ))}
        {ticks(hi1).map((t) => (
          <g key={`x${t}`}>
            <line x1={x(t)} x2={x(t)} y1={M.top + PH} y2={M.top + PH + 5} stroke="#6b7280" />
            <text x={x(t)} y={M.top + PH + 18} textAnchor="middle" fontSize={11} fill="#374151">{fmt(t, 2)}</text>
          </g>
        ))}
        {ticks(hi2).map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left - 5} x2={M.left} y1={y(t)} y2={y(t)} stroke="#6b7280" />
            <text x={M.left - 8} y={y(t) + 4} textAnchor="end" fontSize={11} fill="#374151">{fmt(t, 2)}</text>
          </g>
        ))}
        <text x={M.left + PW / 2} y={H - 8} textAnchor="middle" fontSize={12} fill="#111827">bidder 1’s value v1 (value units)</text>
        <text transform={`translate(14 ${M.top + PH / 2}) rotate(-90)`} textAnchor="middle" fontSize={12} fill="#111827">bidder 2’s value v2 (value units)</text>
        {/* Colour bar */}
        {Array.from({ length: 20 }, (_, j) => (
          <rect key={`c${j}`} x={W - M.right + 18} y={M.top + PH - ((j + 1) * PH) / 20} width={14} height={PH / 20 + 0.5} fill={color((j + 0.5) / 20, kind)} />
        ))}
        <rect x={W - M.right + 18} y={M.top} width={14} height={PH} fill="none" stroke="#6b7280" />
        {[0, 0.5, 1].map((t) => (
          <text key={`cb${t}`} x={W - M.right + 36} y={M.top + PH - t * PH + 4} fontSize={11} fill="#374151">{fmt(t * zmax, 2)}</text>
        ))}
        <text transform={`translate(${W - 6} ${M.top + PH / 2}) rotate(-90)`} textAnchor="middle" fontSize={11} fill="#111827">{kind === 'alloc' ? 'probability' : 'payment (value units)'}</text>
      </svg>
      <p className="caption" aria-live="polite" style={{ minHeight: '1.4em' }}>
        {hover ? `v1 = ${fmt(hover.v1, 2)}, v2 = ${fmt(hover.v2, 2)}: ${what} = ${fmt(hover.z)}` : b ? 'Dashed: Myerson’s boundary (reserve prices and who wins). Point at a cell to read it.' : 'No Myerson boundary for correlated values. Point at a cell to read it.'}
      </p>
    </ChartCard>
  );
}
