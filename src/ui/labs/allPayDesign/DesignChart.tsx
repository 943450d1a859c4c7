import { useOverlayLines } from '../../charts/overlayLines';
import { CartesianGrid, ComposedChart, ErrorBar, Legend, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { designGrid, theoryFormula, theoryRevenue } from '../../../core/labs/allPayDesign/theory';
import { ChartCard } from '../../charts/ChartCard';
import { BIDDER_COLORS, THEORY_COLOR } from '../../charts/palette';
import { decimalsFor, extent, niceAxis } from '../../charts/ticks';
import { fmt } from '../../format';
import type { AllPayDesignData } from './useAllPayDesignData';

const SAMPLE_COLOR = BIDDER_COLORS[0];
const FIT_COLOR = BIDDER_COLORS[1];
const ASCENT_COLOR = BIDDER_COLORS[3];
const BEST_COLOR = BIDDER_COLORS[2];

/**
 * The Fig. 4-style picture (Gemp et al. 2022): sampled designs (w, R) with ±1 sd error bars across rounds, the
 * fitted surrogate R̂(w), the gradient-ascent path on it and the chosen w*, beside the closed-form equilibrium
 * revenue of the reading on screen (dashed).
 */
export function DesignChart({ data }: { data: AllPayDesignData }) {
  const { samples, fit, runConfig } = data;
  const overlays = useOverlayLines();
  const theory = designGrid(51).flatMap((w) => {
    const r = theoryRevenue(runConfig, w);
    return r === null ? [] : [{ w, revenue: r }];
  });
  const formula = theoryFormula(runConfig);
  const points = samples.map((s) => ({ w: s.w, revenue: s.revenue, sd: s.sd }));
  const [lo, hi] = extent(
    [points.map((p) => ({ a: p.revenue - p.sd, b: p.revenue + p.sd })), fit?.fit.map((p) => ({ a: p.revenue, b: p.revenue })) ?? [], theory.map((p) => ({ a: p.revenue, b: p.revenue }))],
    ['a', 'b'],
  );
  // At least 0.2 value units tall, so a flat R(w) (payment split) reads flat instead of magnifying 0.001 noise.
  const [a, b] = Number.isFinite(lo) ? [lo, hi] : [0, 1];
  const span = Math.max(0.2, (b - a) * 1.16);
  const mid = (a + b) / 2;
  const y = niceAxis(Math.max(0, mid - span / 2), mid + span / 2, 5);
  const yDecimals = decimalsFor(y.ticks.length > 1 ? y.ticks[1] - y.ticks[0] : 0.1);
  const total = data.designRuns.length;
  const empty = !points.length && !fit;
  const reading = runConfig.reading === 'prize-split' ? 'prize split' : 'payment split';
  return (
    <ChartCard
      id="design"
      title={`Revenue R(w) of each design — ${reading}, n = ${runConfig.bidders}`}
      caption={
        <>
          Each dot is one design w: the mean revenue per contest after the bidders learned, over {runConfig.rounds} independent rounds (bars: ± 1 sd
          across rounds). The solid line is the network fitted to the dots; red squares are gradient-ascent steps on it, ending at w* (green).{' '}
          {formula ? <>Dashed: equilibrium theory, {formula}.</> : 'Integer values have no closed-form equilibrium here, so no theory line.'}
        </>
      }
    >
      <div style={{ position: 'relative' }}>
        {empty && <div className="chart-hint">Press Run (or Space): each design’s point appears here as soon as its bidders have learned</div>}
        <ResponsiveContainer width="100%" height={320}>
          <ComposedChart margin={{ top: 8, right: 16, bottom: 24, left: 12 }}>
            <CartesianGrid stroke="#eef1f4" />
            <XAxis
              type="number"
              dataKey="w"
              domain={[0.48, 1.02]}
              ticks={[0.5, 0.6, 0.7, 0.8, 0.9, 1]}
              tickFormatter={(v: number) => v.toFixed(1)}
              label={{ value: 'design w (weight of the top rank)', position: 'insideBottom', offset: -14, fill: '#5b6675', fontSize: 12 }}
              fontSize={12}
              allowDuplicatedCategory={false}
            />
            <YAxis
              type="number"
              domain={y.domain}
              ticks={y.ticks}
              tickFormatter={(v: number) => v.toFixed(yDecimals)}
              label={{ value: 'revenue per contest (value units)', angle: -90, position: 'insideLeft', offset: 4, fill: '#5b6675', fontSize: 12, style: { textAnchor: 'middle' } }}
              fontSize={12}
              width={64}
            />
            <Tooltip formatter={(v: unknown) => fmt(Number(v), 4)} labelFormatter={(v: unknown) => `w = ${fmt(Number(v), 3)}`} isAnimationActive={false} />
            <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 4 }} />
            {overlays.map((o) => (
              <Line key={o.key} data={o.data} dataKey={o.key} name={o.name} stroke={o.color} strokeDasharray="4 3" dot={{ r: 2 }} isAnimationActive={false} strokeWidth={o.width} />
            ))}
            {theory.length > 0 && (
              <Line data={theory} dataKey="revenue" name="equilibrium theory" stroke={THEORY_COLOR} strokeDasharray="6 4" dot={false} isAnimationActive={false} strokeWidth={1.5} />
            )}
            {fit && <Line data={fit.fit} dataKey="revenue" name="fitted R̂(w)" stroke={FIT_COLOR} dot={false} isAnimationActive={false} strokeWidth={2} />}
            <Scatter data={points} dataKey="revenue" name={`sampled designs (${points.length}${total ? ` of ${total}` : ''})`} fill={SAMPLE_COLOR} isAnimationActive={false}>
              <ErrorBar dataKey="sd" direction="y" width={5} stroke={SAMPLE_COLOR} />
            </Scatter>
            {fit && (
              <Scatter data={fit.ascentPath} dataKey="revenue" name="ascent path" fill={ASCENT_COLOR} shape="square" line={{ stroke: ASCENT_COLOR, strokeWidth: 1 }} isAnimationActive={false} />
            )}
            {fit && fit.bestW !== null && <Scatter data={[{ w: fit.bestW, revenue: fit.bestRevenue }]} dataKey="revenue" name={`w* = ${fit.bestW.toFixed(3)}`} fill={BEST_COLOR} shape="star" isAnimationActive={false} />}
            {fit && fit.bestW !== null && <ReferenceLine x={fit.bestW} stroke={BEST_COLOR} strokeDasharray="2 3" />}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
