import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useContext } from 'react';
import { fmt, fmtInt } from '../format';
import { useChartName } from './chartName';
import { CompactKey } from './CompactKey';
import { seriesDash } from './palette';
import { PresenterContext } from '../presenterContext';
import { axisWidth, explicitAxis, extent, logTicks, niceAxis } from './ticks';

/** One line: a key of the rows (or its own rows, for overlays and curves on their own x grid). */
export interface LineSpec {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
  width?: number;
  opacity?: number;
  axis?: 'left' | 'right';
  /** Rows of this line only (overlays, theory curves); default: the chart's rows. */
  data?: Record<string, number>[];
  dots?: boolean;
}

/** A horizontal theory line, e.g. the equilibrium slope (N − 1)/N, drawn dashed and named in the legend. */
export interface ReferenceSpec {
  y: number;
  label: string;
  color: string;
}

export interface LineChartViewProps {
  rows: Record<string, number>[];
  x: string;
  xLabel: string;
  yLabel: string;
  rightLabel?: string;
  lines: LineSpec[];
  references?: ReferenceSpec[];
  yDomain?: [number | 'auto' | 'dataMin' | 'dataMax', number | 'auto' | 'dataMin' | 'dataMax'];
  rightDomain?: [number | 'auto', number | 'auto'];
  rightScale?: 'linear' | 'log';
  /** Explicit right-axis ticks (e.g. efficiency 0.8 … 1, never above 1). */
  rightTicks?: number[];
  xDomain?: [number | 'auto' | 'dataMin' | 'dataMax', number | 'auto' | 'dataMin' | 'dataMax'];
  height?: number;
  /** Shown over the plot while there is nothing to draw yet. */
  emptyHint?: string;
  /** x ticks and tooltip label as whole numbers (years, updates), as for x = 'step'. */
  xInteger?: boolean;
  /**
   * Names for a legend of many series: with more than six lines, the lines read as one entry and the references
   * as another (`CompactKey`), instead of one entry each.
   */
  compactKey?: { lines: string; references: string };
}

/**
 * A recharts line chart over plain arrays (never tensors or proxies), animation off so live updates are
 * cheap, axis labels with units on both axes, theory as dashed reference lines.
 */
export function LineChartView({ rows, x, xLabel, yLabel, rightLabel, lines, references = [], yDomain, rightDomain, rightScale = 'linear', rightTicks, xDomain, height = 280, emptyHint, xInteger = x === 'step', compactKey }: LineChartViewProps) {
  const hasRight = lines.some((l) => l.axis === 'right');
  const dataOf = (side: 'left' | 'right') => lines.filter((l) => (l.axis ?? 'left') === side);
  const rowsOf = (ls: LineSpec[]) => ls.map((l) => l.data ?? rows);
  const left = dataOf('left');
  const [ylo, yhi] = extent(rowsOf(left), [...new Set(left.map((l) => l.key))], references.map((r) => r.y));
  const yAxis = niceAxis(typeof yDomain?.[0] === 'number' ? yDomain[0] : ylo, typeof yDomain?.[1] === 'number' ? yDomain[1] : yhi, 5);
  const [xlo, xhi] = extent(rowsOf(lines), [x]);
  // A given x range (the run's length) is kept as it is; a range read off the data is rounded out.
  const xExact = typeof xDomain?.[0] === 'number' && typeof xDomain[1] === 'number';
  const xAxis = niceAxis(typeof xDomain?.[0] === 'number' ? xDomain[0] : xlo, typeof xDomain?.[1] === 'number' ? xDomain[1] : xhi, 5, { exact: xExact, integer: xInteger });
  const right = dataOf('right');
  const [rlo, rhi] = extent(rowsOf(right), [...new Set(right.map((l) => l.key))]);
  const rMin = typeof rightDomain?.[0] === 'number' ? rightDomain[0] : rlo;
  const rMax = typeof rightDomain?.[1] === 'number' ? rightDomain[1] : rhi;
  const rAxis = rightTicks ? explicitAxis([rMin, rMax], rightTicks) : rightScale === 'log' ? logTicks(rMin, rMax) : niceAxis(rMin, rMax, 4);
  // Theory lines as dashed two-point series spanning the x axis: named in the legend, never printed over the curves.
  const theory: LineSpec[] = references.map((r) => ({
    key: '__y',
    name: r.label,
    color: r.color,
    dashed: true,
    width: 1.5,
    data: [{ [x]: xAxis.domain[0], __y: r.y }, { [x]: xAxis.domain[1], __y: r.y }],
  }));
  // More than six solid series: the seventh on are dashed too, so no two series differ by colour alone.
  const solid = lines.filter((l) => !l.dashed);
  const dashOf = (l: LineSpec) => (l.dashed ? '6 4' : solid.length > 6 ? seriesDash(solid.indexOf(l)) : undefined);
  const allLines = [...lines, ...theory];
  const empty = !lines.some((l) => (l.data ?? rows).length > 0);
  // Presenter mode draws ticks at 18 px (styles.css): the axes widen with them so labels never overlap the titles.
  const tickPx = useContext(PresenterContext) ? 18 : 12;
  const a11y = useChartName(chartSummary(rows, x, xLabel, yLabel, lines, references, empty));
  return (
    <div style={{ position: 'relative' }}>
    {empty && emptyHint && <div className="chart-hint">{emptyHint}</div>}
    <ResponsiveContainer width="100%" height={height}>
      <LineChart {...a11y} data={rows} margin={{ top: 8, right: hasRight ? 8 : 20, bottom: 22, left: 8 }}>
        <CartesianGrid stroke="#eef1f4" />
        <XAxis
          dataKey={x}
          type="number"
          domain={xAxis.domain}
          ticks={xAxis.ticks}
          allowDuplicatedCategory={false}
          tickFormatter={xAxis.format}
          label={{ value: xLabel, position: 'insideBottom', offset: -12, fill: '#5b6675', fontSize: 12 }}
          fontSize={12}
        />
        <YAxis
          yAxisId="left"
          domain={yAxis.domain}
          ticks={yAxis.ticks}
          tickFormatter={yAxis.format}
          label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 10, fill: '#5b6675', fontSize: 12, style: { textAnchor: 'middle' } }}
          fontSize={12}
          width={axisWidth(yAxis, tickPx)}
          allowDataOverflow
        />
        {hasRight && (
          <YAxis
            yAxisId="right"
            orientation="right"
            scale={rightScale}
            domain={rAxis.domain}
            ticks={rAxis.ticks}
            tickFormatter={rAxis.format}
            label={{ value: rightLabel ?? '', angle: 90, position: 'insideRight', offset: 10, fill: '#5b6675', fontSize: 12, style: { textAnchor: 'middle' } }}
            fontSize={12}
            width={axisWidth(rAxis, tickPx)}
          />
        )}
        <Tooltip formatter={(v) => fmt(Number(v), 4)} labelFormatter={(v) => `${xLabel}: ${xInteger ? Math.round(Number(v)) : fmt(Number(v), 3)}`} isAnimationActive={false} />
        {compactKey && lines.length > 6 ? (
          <Legend
            verticalAlign="top"
            wrapperStyle={{ fontSize: 12, paddingBottom: 4 }}
            content={() => (
              <CompactKey
                entries={[
                  { name: compactKey.lines, colors: lines.map((l) => l.color) },
                  ...(references.length ? [{ name: compactKey.references, colors: references.map((r) => r.color), dashed: true }] : []),
                ]}
              />
            )}
          />
        ) : (
          <Legend verticalAlign="top" itemSorter={null} wrapperStyle={{ fontSize: 12, paddingBottom: 4 }} />
        )}
        {allLines.map((l, i) => (
          <Line
            key={`${l.key}:${l.name}:${i}`}
            yAxisId={l.axis ?? 'left'}
            data={l.data}
            dataKey={l.key}
            name={l.name}
            stroke={l.color}
            strokeWidth={l.width ?? 2}
            strokeOpacity={l.opacity ?? 1}
            strokeDasharray={dashOf(l)}
            dot={l.dots ? { r: 4 } : false}
            isAnimationActive={false}
            connectNulls
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
    </div>
  );
}

/** Longest list of latest values read out in a chart's text alternative. */
const MAX_SUMMARY_LINES = 12;

/**
 * A chart's text alternative: what it plots against what, and each line's latest value (its last finite point)
 * and the theory lines; "nothing drawn yet" while empty.
 */
export function chartSummary(rows: Record<string, number>[], x: string, xLabel: string, yLabel: string, lines: LineSpec[], references: ReferenceSpec[], empty: boolean): string {
  const head = `${yLabel} against ${xLabel}`;
  if (empty) return `${head}; nothing drawn yet.`;
  const latest: string[] = [];
  for (const l of lines.slice(0, MAX_SUMMARY_LINES)) {
    const data = l.data ?? rows;
    for (let i = data.length - 1; i >= 0; i--) {
      const v = data[i][l.key];
      if (v !== undefined && Number.isFinite(v)) {
        const at = data[i][x];
        latest.push(`${l.name} ${fmt(v, 3)} at ${Number.isInteger(at) ? fmtInt(at) : fmt(at, 3)}`);
        break;
      }
    }
  }
  const theory = references.map((r) => `${r.label} ${fmt(r.y, 3)}`);
  return `${head}; latest: ${latest.join(', ')}${theory.length ? `; theory: ${theory.join(', ')}` : ''}.`;
}
