/** Colour per bidder (colour-blind-friendly Tableau 10 order) and the colours of theory and overlays. */
export const BIDDER_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
export const THEORY_COLOR = '#111827';
export const OVERLAY_COLOR = '#9aa3ae';
export const bidderColor = (i: number) => BIDDER_COLORS[i % BIDDER_COLORS.length];
