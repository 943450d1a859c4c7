import { createContext, useContext } from 'react';

/** The title of the chart card a chart is drawn in, for the chart's accessible name. */
export const ChartTitleContext = createContext<string | null>(null);

/**
 * Props that make a recharts chart an image with a name and a text alternative for assistive technology,
 * instead of recharts' default unnamed `role="application"` tab stop: `role="img"`, an `aria-label` of the
 * card's title and `summary` (what it plots and its latest values), and the same text as the SVG's
 * `<title>`/`<desc>`.
 *
 * @param summary  e.g. "w against training step; latest: bidder 1 0.498, bidder 2 0.502"
 */
export function useChartName(summary: string) {
  const title = useContext(ChartTitleContext);
  const name = title ? `${title}. ${summary}` : summary;
  return { accessibilityLayer: false, role: 'img', 'aria-label': name, title: title ?? undefined, desc: summary } as const;
}
