import { useRef, type ReactNode } from 'react';
import { notify } from '../../state/store';
import { ChartTitleContext } from './chartName';
import { composeChartCard, downloadPng, downloadSvg } from './exportChart';

/** What a chart card shows: its title and charts, and optionally a caption and content around the charts. */
export interface ChartCardProps {
  /** File name stem of the exports (`auction-lab-<id>.png`) and test id `chart.<id>` unless `testId` is given. */
  id: string;
  /** Heading of the card, the title line of its exports and the first part of its charts' accessible names. */
  title: string;
  /** What to look for; entries marked `data-legend-item` are drawn into the exports as a legend. */
  caption?: ReactNode;
  /** Live status beside the title (e.g. "training · 512 auctions"); not exported. */
  status?: ReactNode;
  /** Content between the caption and the charts (key-figure cards); not exported. */
  before?: ReactNode;
  /** Content below the charts (tables, notes); not exported. */
  after?: ReactNode;
  /** `data-testid` of the card, when other code already addresses it by another id. */
  testId?: string;
  /** Heading level of the title (default 3, under a lab's h2; 2 on a page whose sections start at h2). */
  level?: 2 | 3;
  /** The charts (one or several panels, each panel title marked with the class `chart-panel-title`). */
  children: ReactNode;
}

/**
 * A titled chart with a caption that tells a student what to look for, and PNG/SVG export of the whole card:
 * title, caption legend, every panel with its legend and axis labels (see `composeChartCard`). The charts inside
 * take their accessible name from the title.
 */
export function ChartCard({ id, title, caption, status, before, after, testId, level = 3, children }: ChartCardProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const card = useRef<HTMLElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const composed = () => (card.current && body.current ? composeChartCard(card.current, body.current, title) : null);
  const file = `auction-lab-${id}`;
  const nothingYet = () => notify('info', `“${title}” has nothing drawn yet: press Run first.`);
  return (
    <section className="chart-card" data-testid={testId ?? `chart.${id}`} aria-label={title} ref={card}>
      <header>
        <Heading>{title}</Heading>
        {status}
        <span className="export">
          <button
            onClick={() => {
              const c = composed();
              if (!c) return nothingYet();
              downloadPng(c, `${file}.png`).catch((e: unknown) => notify('error', `Could not save the chart as PNG: ${e instanceof Error ? e.message : String(e)}`));
            }}
            aria-label={`Save ${title} as PNG`}
          >
            PNG
          </button>{' '}
          <button
            onClick={() => {
              const c = composed();
              if (!c) return nothingYet();
              downloadSvg(c, `${file}.svg`);
            }}
            aria-label={`Save ${title} as SVG`}
          >
            SVG
          </button>
        </span>
      </header>
      {caption && <p className="caption">{caption}</p>}
      {before}
      <ChartTitleContext.Provider value={title}>
        <div ref={body}>{children}</div>
      </ChartTitleContext.Provider>
      {after}
    </section>
  );
}
