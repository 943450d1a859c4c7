/**
 * Chart and text downloads (browser only): a recharts chart as a standalone SVG or PNG file, any string as a
 * file. The SVG is a clone of the live chart with the computed styles that CSS applied inlined, so it renders
 * the same outside the page (Inkscape, a LaTeX pipeline, a slide).
 *
 * Recharts draws legends as HTML beside its `<svg>`: {@link composeChartCard} redraws them (and the card's title,
 * its panel titles and every panel of a multi-chart card) as SVG, at the places they have on screen.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Font properties inlined on text elements only. */
const FONT_PROPERTIES = ['font-family', 'font-size', 'font-weight'] as const;

/** Paint properties inlined from computed style on every drawn element (what CSS may set on lines and paths). */
const PAINT_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
] as const;

/** Elements that draw something; containers (`g`, `defs`, `clipPath`) are left as they are. */
const DRAWN_ELEMENTS = new Set(['text', 'tspan', 'line', 'path', 'rect', 'circle', 'ellipse', 'polyline', 'polygon']);
const TEXT_ELEMENTS = new Set(['text', 'tspan']);
/** Subtrees that are never painted directly: their children need no inlined style. */
const UNPAINTED_ANCESTORS = 'defs, clipPath, mask, marker, pattern, symbol';

/** Largest canvas side in pixels that browsers reliably allocate. */
const MAX_CANVAS_SIDE = 16384;

/** Rendered size of an SVG in CSS pixels: its numeric `width`/`height` attributes, else its layout box. */
function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const attr = (name: string, fallback: number) => {
    const v = Number(svg.getAttribute(name));
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return { width: attr('width', box.width), height: attr('height', box.height) };
}

function serialize(svg: SVGSVGElement): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
}

/**
 * A deep clone of `svg` with numeric `width`/`height` (and a `viewBox` when missing), namespaces, and the
 * computed paint (and, on text, font) properties of every drawn element inlined. The live chart is not modified.
 */
function inlinedClone(svg: SVGSVGElement): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const { width, height } = svgSize(svg);
  const sources = svg.querySelectorAll('*');
  const targets = clone.querySelectorAll('*');
  for (let i = 0; i < sources.length && i < targets.length; i++) {
    const src = sources[i];
    const dst = targets[i] as SVGElement;
    if (!DRAWN_ELEMENTS.has(src.localName) || src.closest(UNPAINTED_ANCESTORS)) continue;
    const computed = getComputedStyle(src);
    const props = TEXT_ELEMENTS.has(src.localName) ? [...FONT_PROPERTIES, ...PAINT_PROPERTIES] : PAINT_PROPERTIES;
    for (const prop of props) {
      const value = computed.getPropertyValue(prop);
      // url(...) references (gradients, clip paths) stay as the attributes the clone already carries.
      if (value && !value.includes('url(')) dst.style.setProperty(prop, value);
    }
  }
  const rootStyle = getComputedStyle(svg);
  clone.style.setProperty('font-family', rootStyle.getPropertyValue('font-family'));
  clone.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  clone.setAttributeNS(XMLNS_NS, 'xmlns:xlink', XLINK_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return clone;
}

/** A chart card drawn as one standalone SVG: its text and size in CSS pixels. */
export interface ComposedChart {
  svg: string;
  width: number;
  height: number;
}

/** Height of the title line in an exported card (px). */
const TITLE_HEIGHT = 28;
/** Height of a line of caption legend entries in an exported card (px). */
const LEGEND_LINE = 18;

/**
 * Everything a reader needs from a chart card in one SVG document: the card's `title` (bold, top left), the
 * entries of a legend written in its caption (elements with `data-legend-item`, in their own colour), then the
 * card's body as laid out on screen: every chart surface (so a card of four panels exports four panels), each
 * chart's legend (recharts' HTML legend items redrawn as SVG: icon and name) and the panel titles (elements with
 * the class `chart-panel-title`). `null` while the body holds no chart.
 *
 * @param card  the whole card (title and caption live here)
 * @param body  the element that holds the charts
 */
export function composeChartCard(card: HTMLElement, body: HTMLElement, title: string): ComposedChart | null {
  const surfaces = [...body.querySelectorAll<SVGSVGElement>('svg.recharts-surface')].filter((svg) => !svg.closest('.recharts-legend-wrapper'));
  if (!surfaces.length) return null;
  const doc = document;
  const origin = body.getBoundingClientRect();
  const width = Math.max(1, Math.round(origin.width));
  const font = getComputedStyle(body).getPropertyValue('font-family');
  const root = doc.createElementNS(SVG_NS, 'svg');
  const text = (x: number, y: number, value: string, style: Record<string, string>) => {
    const t = doc.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', String(x));
    t.setAttribute('y', String(y));
    for (const [k, v] of Object.entries(style)) t.style.setProperty(k, v);
    t.textContent = value;
    root.appendChild(t);
    return t;
  };

  // Caption legend: entries flow left to right, wrapping at the card's width.
  const captionItems = [...card.querySelectorAll<HTMLElement>('[data-legend-item]')];
  let x = 8;
  let lines = captionItems.length ? 1 : 0;
  const legendAt: { x: number; line: number; el: HTMLElement }[] = [];
  for (const el of captionItems) {
    const w = Math.max(40, (el.textContent ?? '').length * 7 + 12);
    if (x + w > width && x > 8) {
      x = 8;
      lines++;
    }
    legendAt.push({ x, line: lines - 1, el });
    x += w;
  }
  const top = TITLE_HEIGHT + lines * LEGEND_LINE;
  const height = Math.max(1, Math.round(top + origin.height));

  const background = doc.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height));
  background.setAttribute('fill', '#ffffff');
  root.appendChild(background);
  text(8, 19, title, { 'font-size': '15px', 'font-weight': '600', fill: '#111827' });
  for (const { x: lx, line, el } of legendAt) {
    // An entry is a coloured swatch (`data-legend-swatch`) and its name in text colour, or a name in its colour.
    const swatch = el.querySelector<HTMLElement>('[data-legend-swatch]');
    const name = (el.textContent ?? '').replace(swatch?.textContent ?? '', '').trim();
    const y = TITLE_HEIGHT + line * LEGEND_LINE + 12;
    if (swatch) {
      const box = doc.createElementNS(SVG_NS, 'rect');
      for (const [k, v] of Object.entries({ x: lx, y: y - 9, width: 10, height: 10 })) box.setAttribute(k, String(v));
      box.setAttribute('fill', getComputedStyle(swatch).color);
      root.appendChild(box);
    }
    text(swatch ? lx + 14 : lx, y, name, { 'font-size': '12px', fill: getComputedStyle(el).color });
  }

  const place = (r: DOMRect) => ({ x: r.left - origin.left, y: top + r.top - origin.top });
  for (const svg of surfaces) {
    const clone = inlinedClone(svg);
    const p = place(svg.getBoundingClientRect());
    clone.setAttribute('x', String(p.x));
    clone.setAttribute('y', String(p.y));
    root.appendChild(clone);
  }
  for (const item of body.querySelectorAll<HTMLElement>('.recharts-legend-item')) {
    const icon = item.querySelector<SVGSVGElement>('svg');
    const label = item.querySelector<HTMLElement>('.recharts-legend-item-text') ?? item;
    if (icon) {
      const clone = inlinedClone(icon);
      const p = place(icon.getBoundingClientRect());
      clone.setAttribute('x', String(p.x));
      clone.setAttribute('y', String(p.y));
      root.appendChild(clone);
    }
    const r = label.getBoundingClientRect();
    const style = getComputedStyle(label);
    const p = place(r);
    text(p.x, p.y + r.height * 0.78, label.textContent ?? '', { 'font-size': style.fontSize, fill: style.color });
  }
  for (const heading of body.querySelectorAll<HTMLElement>('.chart-panel-title')) {
    const r = heading.getBoundingClientRect();
    const style = getComputedStyle(heading);
    const p = place(r);
    text(p.x, p.y + Math.min(r.height, parseFloat(style.fontSize) * 1.2) * 0.8, heading.textContent ?? '', { 'font-size': style.fontSize, fill: style.color, 'font-weight': style.fontWeight });
  }

  root.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  root.setAttributeNS(XMLNS_NS, 'xmlns:xlink', XLINK_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.style.setProperty('font-family', font);
  return { svg: serialize(root), width, height };
}

/**
 * Save a blob as a file through a temporary `<a download>`; the object URL is revoked shortly after the
 * click (revoking synchronously can cancel the download in some browsers).
 */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** Save `text` as a file named `filename` with MIME type `mime` (e.g. `text/csv;charset=utf-8`). */
export function downloadText(text: string, filename: string, mime = 'text/plain;charset=utf-8'): void {
  downloadBlob(new Blob([text], { type: mime }), filename);
}

/** Save a composed chart card as a standalone `.svg` file. */
export function downloadSvg(chart: ComposedChart, filename: string): void {
  downloadText(chart.svg, filename, 'image/svg+xml;charset=utf-8');
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The chart could not be rendered as an image.'));
    img.src = url;
  });
}

/**
 * Save a composed chart card as a PNG on a white background, `scale` device pixels per CSS pixel (2 = sharp on
 * slides and retina screens; reduced if the canvas would exceed 16,384 px a side). Loads the SVG into an `Image`
 * from a blob URL, draws it on a canvas and downloads `canvas.toBlob('image/png')`. Rejects with a readable
 * message when the browser cannot render or encode it.
 */
export async function downloadPng(chart: ComposedChart, filename: string, scale = 2): Promise<void> {
  const { width, height } = chart;
  const wanted = Number.isFinite(scale) && scale > 0 ? scale : 2;
  const k = Math.min(wanted, MAX_CANVAS_SIDE / Math.max(width, 1), MAX_CANVAS_SIDE / Math.max(height, 1));
  const url = URL.createObjectURL(new Blob([chart.svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = await loadImage(url);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * k));
    canvas.height = Math.max(1, Math.round(height * k));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be encoded.'))), 'image/png'),
    );
    downloadBlob(blob, filename);
  } finally {
    URL.revokeObjectURL(url);
  }
}
