// A latent plane's axes: the grid, ticks and their numbers at the view on show, the frame, and the names of the
// dimensions across and up, drawn onto the plane's base canvas under its points (plane.js).

import { zName } from './dims.js';
import { drawsDensity } from './density.js';

export const TICK_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_FONT = 'italic 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Draws the plot's white square, its grid and tick labels at the view on show, its frame, and the names of its axes;
 * returns the tick labels drawn, [{axis, text, left, right, top, bottom}] in CSS pixels.
 */
export function drawAxes(ctx, plane) {
  const { x, y, side } = plane.plot, { cx, cy, half } = plane.view;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x, y, side, side);
  ctx.font = TICK_FONT;
  ctx.lineWidth = 1;
  let step, digits;
  const ticks = (c, draw) => {
    for (let k = Math.ceil((c - half) / step - 1e-9); k * step <= c + half + 1e-9; k++) draw(k, tickText(k * step, digits));
  };
  // Ticks every 1, 2 or 5 × 10^k units, about ten across the view, fewer where the x labels would run together
  // (on a phone zoomed far in, "−2.390" is wider than a tenth of the plot).
  for (step = niceStep((2 * half) / 10); ; step = niceStep(step * 1.5)) {
    digits = tickDigits(step);
    let widest = 0;
    ticks(cx, (k, text) => { widest = Math.max(widest, ctx.measureText(text).width); });
    if (widest + 12 <= step * plane.pxPerUnit) break;
  }
  const labels = [];
  ctx.fillStyle = '#5b6270';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  let lastRight = -Infinity;
  ticks(cx, (k, text) => {
    const gx = Math.round(plane.toPx(k * step, 0)[0]) + 0.5;
    ctx.strokeStyle = k === 0 ? '#c9ccd3' : '#eceef2';
    line(ctx, gx, y, gx, y + side);
    // Centred under its line but kept inside the canvas: the end ticks' labels would be cut at its edges.
    const tw = ctx.measureText(text).width;
    const left = Math.min(Math.max(gx - tw / 2, 2), plane.size.w - 2 - tw);
    if (left < lastRight + 4) return; // shifted onto its neighbour
    lastRight = left + tw;
    ctx.fillText(text, left, y + side + 4);
    labels.push({ axis: 'x', text, left, right: left + tw, top: y + side + 4, bottom: y + side + 15 });
  });
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const oneDim = plane.dims[1] < 0; // up is not z there: the line of points alone, and the densities above it
  ticks(cy, (k, text) => {
    if (oneDim && k !== 0) return;
    const gy = Math.round(plane.toPx(0, k * step)[1]) + 0.5;
    ctx.strokeStyle = k === 0 ? '#c9ccd3' : '#eceef2';
    line(ctx, x, gy, x + side, gy);
    if (oneDim || gy < y + 14 || gy > y + side - 6) return; // the y axis label's corner; the x ticks' corner
    ctx.fillText(text, x - 5, gy);
    labels.push({ axis: 'y', text, left: x - 5 - ctx.measureText(text).width, right: x - 5, top: gy - 6, bottom: gy + 6 });
  });
  const held = plane.fingers?.captured; // the plane holds the fingers: its frame in the accent colour says so
  ctx.strokeStyle = held ? '#0072b2' : '#b5bac4';
  ctx.lineWidth = held ? 2 : 1;
  ctx.strokeRect(x + 0.5 * ctx.lineWidth, y + 0.5 * ctx.lineWidth, side - ctx.lineWidth, side - ctx.lineWidth);
  ctx.lineWidth = 1;
  ctx.fillStyle = '#1f2430';
  ctx.font = LABEL_FONT;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'top';
  ctx.fillText(zName(plane.dims[0]), x + side, y + side + 15);
  ctx.save();
  ctx.translate(x - 34, y);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  // Up a 1-D plane is a density where one is drawn; where none is (codes without points, or without spread), the
  // axis names what is missing instead of a curve that is not there.
  const up = drawsDensity(plane.layers[plane.layers.length - 1], plane.density) ? 'density' : 'no density drawn';
  ctx.fillText(oneDim ? `${up} (a 1-D latent has no ${zName(1)})` : zName(plane.dims[1]), 0, 0);
  ctx.restore();
  return labels;
}

export function line(ctx, x0, y0, x1, y1) {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

/** The smallest of 1, 2, 5 × 10^k at least `raw`. */
export function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map(m => m * p).find(s => s >= raw * (1 - 1e-9));
}

/** Decimals that tell ticks `step` apart. */
export function tickDigits(step) {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/** A tick's number with a real minus sign, never "−0". */
export function tickText(t, digits) {
  const s = Math.abs(t).toFixed(digits);
  return t < 0 && Number(s) !== 0 ? `−${s}` : s;
}
