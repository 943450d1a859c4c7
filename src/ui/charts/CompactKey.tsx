/** One entry of a compact legend: many series of one kind under one name, their colours side by side. */
export interface CompactKeyEntry {
  name: string;
  colors: string[];
  dashed?: boolean;
}

/**
 * A legend of a few entries standing for many series (an N sweep's seven runs and their seven theory lines read
 * as two entries), drawn with recharts' legend classes so exports redraw it like any legend: each entry's swatch
 * is one short segment per colour, dashed for theory lines.
 */
export function CompactKey({ entries }: { entries: CompactKeyEntry[] }) {
  return (
    <ul className="recharts-default-legend compact-key" style={{ padding: 0, margin: 0, textAlign: 'center' }}>
      {entries.map((e) => {
        const w = Math.max(14, 6 * e.colors.length);
        return (
          <li className="recharts-legend-item" key={e.name} style={{ display: 'inline-block', marginRight: 12 }}>
            <svg className="recharts-surface" width={w} height={10} viewBox={`0 0 ${w} 10`} style={{ display: 'inline-block', verticalAlign: 'middle', marginRight: 4 }} aria-hidden="true">
              {e.colors.map((c, i) => (
                <line key={i} x1={i * 6} x2={i * 6 + 5} y1={5} y2={5} stroke={c} strokeWidth={3} strokeDasharray={e.dashed ? '2 1' : undefined} />
              ))}
            </svg>
            <span className="recharts-legend-item-text">{e.name}</span>
          </li>
        );
      })}
    </ul>
  );
}
