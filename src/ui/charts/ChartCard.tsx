import { useRef, type ReactNode } from 'react';
import { notify } from '../../state/store';
import { downloadPng, downloadSvg, findChartSvg } from './exportChart';

/**
 * A titled chart with a caption that tells a student what to look for, and PNG/SVG export of the chart.
 */
export function ChartCard({ id, title, caption, children }: { id: string; title: string; caption?: ReactNode; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const svg = () => (ref.current ? findChartSvg(ref.current) : null);
  const file = `auction-lab-${id}`;
  return (
    <section className="chart-card" data-testid={`chart.${id}`} aria-label={title}>
      <header>
        <h3>{title}</h3>
        <span className="export">
          <button
            onClick={() => {
              const s = svg();
              if (s) downloadPng(s, `${file}.png`).catch((e: unknown) => notify('error', `Could not save the chart as PNG: ${(e as Error).message}`));
            }}
            aria-label={`Save ${title} as PNG`}
          >
            PNG
          </button>{' '}
          <button onClick={() => { const s = svg(); if (s) downloadSvg(s, `${file}.svg`); }} aria-label={`Save ${title} as SVG`}>
            SVG
          </button>
        </span>
      </header>
      {caption && <p className="caption">{caption}</p>}
      <div ref={ref}>{children}</div>
    </section>
  );
}
