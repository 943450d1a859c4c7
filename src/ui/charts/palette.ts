/**
 * Series colours, safe for colour-blind readers: the Okabe–Ito colours (Okabe & Ito 2008, "Color Universal
 * Design") first, then Paul Tol's muted scheme (Tol 2021, "Colour Schemes", SRON/EPS/TN/09-002) for series 7–10.
 * Simulated deuteranopia and protanopia (Machado, Oliveira & Fernandes 2009, severity 1) keep every pair of the
 * first six at least 17 CIELAB ΔE apart and every pair of all ten at least 13 apart (`palette.test.ts`), and no
 * colour is lighter than 3:1 contrast on white but the orange (2.2:1). Series 7–10 are drawn dashed as well
 * (`seriesDash`), so ten series stay apart on a grey projector too. Pure black stays for theory lines.
 */
export const BIDDER_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#332288', '#e69f00', '#882255', '#117733', '#6699cc', '#999933'];
export const THEORY_COLOR = '#111827';
export const OVERLAY_COLOR = '#9aa3ae';
export const bidderColor = (i: number) => BIDDER_COLORS[i % BIDDER_COLORS.length];

/** Dash patterns of series 7–10 (solid before), none equal to the theory lines' "6 4". */
const SERIES_DASHES = ['2 3', '10 3 2 3', '12 4', '1 3'];

/** SVG `stroke-dasharray` of series `i` (0-based): undefined (solid) for the first six, then a pattern each. */
export const seriesDash = (i: number): string | undefined => (i % BIDDER_COLORS.length < 6 ? undefined : SERIES_DASHES[(i % BIDDER_COLORS.length) - 6]);
