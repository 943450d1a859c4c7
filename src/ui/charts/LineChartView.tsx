import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmt } from '../format';

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

/** A horizontal theory line, e.g. the equilibrium slope (N − 1)/N. */
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
  xDomain?: [number | 'auto' | 'dataMin' | 'dataMax', number | 'auto' | 'dataMin' | 'dataMax'];
  height?: number;
}

/**
 * A recharts line chart over plain arrays (never tensors or proxies), animation off so live updates are
 * cheap, axis labels with units on both axes, theory as dashed reference lines.
 */
export function LineChartView({ rows, x, xLabel, yLabel, rightLabel, lines, references = [], yDomain, rightDomain, rightScale = 'linear', xDomain, height = 280 }: LineChartViewProps) {
  const hasRight = lines.some((l) => l.axis === 'right');
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={rows} margin={{ top: 8, right: hasRight ? 8 : 20, bottom: 22, left: 8 }}>
        <CartesianGrid stroke="#eef1f4" />
        <XAxis
          dataKey={x}
          type="number"
          domain={xDomain ?? ['dataMin', 'dataMax']}
          allowDuplicatedCategory={false}
          tickFormatter={(v: number) => (x === 'step' ? Math.round(v).toLocaleString() : fmt(v, Math.abs(v) >= 10 ? 0 : 2))}
          label={{ value: xLabel, position: 'insideBottom', offset: -12, fill: '#5b6675', fontSize: 12 }}
          fontSize={12}
        />
        <YAxis
          yAxisId="left"
          domain={yDomain ?? ['auto', 'auto']}
          tickFormatter={(v: number) => fmt(v, 2)}
          label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 10, fill: '#5b6675', fontSize: 12, style: { textAnchor: 'middle' } }}
          fontSize={12}
          width={62}
          allowDataOverflow={!!yDomain}
        />
        {hasRight && (
          <YAxis
            yAxisId="right"
            orientation="right"
            scale={rightScale}
            domain={rightDomain ?? ['auto', 'auto']}
            tickFormatter={(v: number) => fmt(v, v >= 10 ? 0 : 2)}
            label={{ value: rightLabel ?? '', angle: 90, position: 'insideRight', offset: 10, fill: '#5b6675', fontSize: 12, style: { textAnchor: 'middle' } }}
            fontSize={12}
            width={62}
          />
        )}
        <Tooltip formatter={(v) => fmt(Number(v), 4)} labelFormatter={(v) => `${xLabel}: ${x === 'step' ? Math.round(Number(v)) : fmt(Number(v), 3)}`} isAnimationActive={false} />
        <Legend verticalAlign="top" height={26} wrapperStyle={{ fontSize: 12 }} />
        {references.map((r) => (
          <ReferenceLine
            key={r.label}
            yAxisId="left"
            y={r.y}
            stroke={r.color}
            strokeDasharray="6 4"
            strokeWidth={1.5}
            label={{ value: r.label, position: 'insideTopRight', fill: r.color, fontSize: 12 }}
            ifOverflow="extendDomain"
          />
        ))}
        {lines.map((l) => (
          <Line
            key={l.key + l.name}
            yAxisId={l.axis ?? 'left'}
            data={l.data}
            dataKey={l.key}
            name={l.name}
            stroke={l.color}
            strokeWidth={l.width ?? 2}
            strokeOpacity={l.opacity ?? 1}
            strokeDasharray={l.dashed ? '6 4' : undefined}
            dot={l.dots ? { r: 4 } : false}
            isAnimationActive={false}
            connectNulls
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
