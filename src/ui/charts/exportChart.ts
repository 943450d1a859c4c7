/**
 * Chart and text downloads (browser only): a recharts chart as a standalone SVG or PNG file, any string as a
 * file. The SVG is a clone of the live chart with the computed styles that CSS applied inlined, so it renders
 * the same outside the page (Inkscape, a LaTeX pipeline, a slide).
 *
 * Known limit: recharts draws legends and tooltips as HTML outside the `<svg>`, so they are not exported.
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

/**
 * The main recharts drawing surface inside a chart container: the largest `svg.recharts-surface` that is not
 * a legend icon (legend icons use the same class). `null` when the container holds no chart yet.
 */
export function findChartSvg(container: HTMLElement): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let bestArea = -1;
  for (const svg of container.querySelectorAll<SVGSVGElement>('svg.recharts-surface')) {
    if (svg.closest('.recharts-legend-wrapper')) continue;
    const { width, height } = svgSize(svg);
    if (width * height > bestArea) {
      best = svg;
      bestArea = width * height;
    }
  }
  return best;
}

/** Rendered size of an SVG in CSS pixels: its numeric `width`/`height` attributes, else its layout box. */
function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const attr = (name: string, fallback: number) => {
    const v = Number(svg.getAttribute(name));
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return { width: attr('width', box.width), height: attr('height', box.height) };
}

/**
 * A standalone SVG document for `svg`: a deep clone with `xmlns`, numeric `width`/`height` (and a `viewBox`
 * when missing), a white background rect as first child, and for every drawn element (text, lines, paths,
 * shapes) the computed `fill`, `stroke`, `stroke-width`, `stroke-dasharray` and opacities (plus `font-family`,
 * `font-size`, `font-weight` on text) inlined as `style`. The live chart is not modified.
 *
 * @returns the XML text, starting with an XML declaration
 */
export function svgElementToString(svg: SVGSVGElement): string {
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

  const background = clone.ownerDocument.createElementNS(SVG_NS, 'rect');
  const [vx, vy, vw, vh] = (clone.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  background.setAttribute('x', String(Number.isFinite(vx) ? vx : 0));
  background.setAttribute('y', String(Number.isFinite(vy) ? vy : 0));
  background.setAttribute('width', String(Number.isFinite(vw) ? vw : width));
  background.setAttribute('height', String(Number.isFinite(vh) ? vh : height));
  background.setAttribute('fill', '#ffffff');
  clone.insertBefore(background, clone.firstChild);

  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
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

/** Save a chart's `<svg>` as a standalone `.svg` file (see {@link svgElementToString}). */
export function downloadSvg(svg: SVGSVGElement, filename: string): void {
  downloadText(svgElementToString(svg), filename, 'image/svg+xml;charset=utf-8');
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
 * Save a chart's `<svg>` as a PNG on a white background, `scale` device pixels per CSS pixel (2 = sharp on
 * slides and retina screens; reduced if the canvas would exceed 16,384 px a side). Serialises the SVG, loads
 * it into an `Image` from a blob URL, draws it on a canvas and downloads `canvas.toBlob('image/png')`.
 * Rejects with a readable message when the browser cannot render or encode it.
 */
export async function downloadPng(svg: SVGSVGElement, filename: string, scale = 2): Promise<void> {
  const { width, height } = svgSize(svg);
  const wanted = Number.isFinite(scale) && scale > 0 ? scale : 2;
  const k = Math.min(wanted, MAX_CANVAS_SIDE / Math.max(width, 1), MAX_CANVAS_SIDE / Math.max(height, 1));
  const url = URL.createObjectURL(new Blob([svgElementToString(svg)], { type: 'image/svg+xml;charset=utf-8' }));
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
