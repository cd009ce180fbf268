// The plane of a 1-D latent has no second dimension to put up the screen: its points lie on z₀'s line, and above the
// line it shows what that one dimension holds, the aggregate posterior q(z) = mean over the test images of q(z|x),
// beside the prior p(z) = N(0, 1) that the KL term pulls it towards. An autoencoder has neither: the density of its
// codes, each spread by a Gaussian kernel, stands alone, and codes that do not spread give the kernel no width, so
// nothing is drawn.

import { codeVariance } from './dims.js';

/**
 * The width of the Gaussian kernel that spreads each of a 1-D autoencoder's test codes in the density above their
 * line, by Silverman's rule of thumb, 1.06·sd·n^(−1/5); 0 where the codes do not spread (one code, or all equal): no
 * width follows from them, and any other would be made up.
 */
export function kernelWidth(codes) {
  const sd = Math.sqrt(codeVariance(codes)[0]), { mu, count } = codes;
  // Equal codes' variance can round to a few ulps above 0: a width of 1e-9 would draw a needle, not a density.
  return sd > 0 && mu.some(m => m !== mu[0]) ? 1.06 * sd * count ** -0.2 : 0;
}

/**
 * Whether a 1-D plane draws a density above its line for its test layer: a VAE's prior always (and q(z) with points);
 * an autoencoder's codes only with a kernel width, which needs codes that spread.
 */
export function drawsDensity(layer, { codes, kernel }) {
  return !codes || (layer.count > 0 && kernel > 0);
}

/**
 * The mean density over each of `columns` equal columns of [x0, x1] of the mixture (1/count) Σ N(μᵢ, σᵢ²) over the
 * points whose class is shown: each point's mass in a column (a difference of normal CDFs), over the column's width.
 * Exact for any σ, however narrow next to a column, where the density sampled at the column's middle would miss a
 * spike. Points hidden by the legend are left out but still count in the mean, so the curve is their share. (columns)
 */
function mixtureColumns({ mu, sigma, labels, count, latentDim }, dim, hidden, x0, x1, columns) {
  const out = new Float64Array(columns), width = (x1 - x0) / columns;
  for (let i = 0; i < count; i++) {
    if (hidden.has(labels[i])) continue;
    const m = mu[i * latentDim + dim], s = sigma[i * latentDim + dim];
    // Columns within 6σ: beyond, a column's share is below 1e-9 of the point's mass.
    const first = Math.max(0, Math.floor((m - 6 * s - x0) / width));
    const last = Math.min(columns - 1, Math.floor((m + 6 * s - x0) / width));
    let below = normalCdf((x0 + first * width - m) / s);
    for (let c = first; c <= last; c++) {
      const upTo = normalCdf((x0 + (c + 1) * width - m) / s);
      out[c] += upTo - below;
      below = upTo;
    }
  }
  for (let c = 0; c < columns; c++) out[c] /= Math.max(count, 1) * width;
  return out;
}

/** The prior N(0, 1)'s mean density over the same columns. (columns) */
function priorColumns(x0, x1, columns) {
  const out = new Float64Array(columns), width = (x1 - x0) / columns;
  for (let c = 0; c < columns; c++) out[c] = (normalCdf(x0 + (c + 1) * width) - normalCdf(x0 + c * width)) / width;
  return out;
}

/** Φ(x), through erf (Abramowitz & Stegun 7.1.26, absolute error under 1.5e-7). */
function normalCdf(x) {
  const z = Math.abs(x) / Math.SQRT2, t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

const COLUMN_PX = 2; // CSS pixels per column of the curves
const Q_FILL = 'rgba(91, 98, 112, 0.16)', Q_LINE = '#5b6270', P_LINE = '#0072b2';

/**
 * Draws q(z) and p(z) over the plot of a 1-D plane, above its line of points (z = 0 across the plot's middle): both on
 * one scale, the taller one's highest column 90 % of the way from the line to the top, since up has no unit of z to keep. Returns
 * the curves drawn, {x0, x1, q, p, scale} (scale: CSS pixels per unit of density), for the tests. For an autoencoder's
 * codes (`density.codes`), q is their density by kernels of width `density.kernel` and there is no p (all 0); without
 * points, or without a kernel width, q is null.
 */
export function drawDensities(ctx, plane, layer, density) {
  const { codes, kernel } = density;
  const { x, y, side } = plane.plot, { cx, half } = plane.view;
  const columns = Math.max(1, Math.round(side / COLUMN_PX)), x0 = cx - half, x1 = cx + half;
  // Without data points there is no q(z) to draw: a flat line at zero would be a density made up; nor without a
  // kernel's width to spread codes by.
  const some = layer.count > 0 && drawsDensity(layer, density);
  const spread = codes ? { ...layer, sigma: new Float32Array(layer.mu.length).fill(kernel) } : layer;
  const q = some ? mixtureColumns(spread, plane.dims[0], plane.hiddenClasses, x0, x1, columns) : new Float64Array(columns);
  const p = codes ? new Float64Array(columns) : priorColumns(x0, x1, columns);
  const base = plane.yPx(0), top = Math.max(...q, ...p);
  const scale = top > 0 ? (0.9 * (base - y)) / top : 0;
  const curve = values => { // through the columns' middles
    ctx.beginPath();
    ctx.moveTo(x, base - values[0] * scale);
    values.forEach((v, c) => ctx.lineTo(x + ((c + 0.5) * side) / columns, base - v * scale));
    ctx.lineTo(x + side, base - values[columns - 1] * scale);
  };
  if (some) {
    curve(q);
    ctx.lineTo(x + side, base);
    ctx.lineTo(x, base);
    ctx.fillStyle = Q_FILL;
    ctx.fill();
    curve(q);
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = Q_LINE;
    ctx.stroke();
  }
  if (!codes) {
    ctx.lineWidth = 1.2;
    curve(p);
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = P_LINE;
    ctx.stroke();
    ctx.setLineDash([]);
  }
  const rows = codes ? [[`the test codes' density (Gaussian kernels of width ${kernel.toPrecision(2)})`, Q_LINE, []]]
    : [['q(z): the test posteriors averaged', Q_LINE, []], ['p(z) = N(0, 1), the prior', P_LINE, [5, 4]]];
  key(ctx, x + 8, y + 8, some ? rows : rows.slice(1));
  return { x0, x1, q: some ? q : null, p, scale };
}

/** What the curves are ([text, colour, dash] each), in the plot's top-left corner. */
function key(ctx, x, y, rows) {
  ctx.font = '11.5px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  rows.forEach(([text, colour, dash], k) => {
    const ry = y + 6 + 16 * k;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.fillRect(x - 3, ry - 8, ctx.measureText(text).width + 36, 16);
    ctx.beginPath();
    ctx.moveTo(x, ry);
    ctx.lineTo(x + 22, ry);
    ctx.setLineDash(dash);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = colour;
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#1f2430';
    ctx.fillText(text, x + 28, ry);
  });
}
