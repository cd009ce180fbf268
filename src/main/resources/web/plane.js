// The latent plane: encoded points over two dimensions of z (z₀ and z₁, or the pair chosen in dims.js), axes in
// standard deviations of the prior N(0, I) (an autoencoder's: in its codes' own units). Lenses draw their own marks on top through an overlay callback. The view zooms and pans
// (zoom.js): a trained encoder's σ is often a few hundredths of a unit, a ring of a few pixels at full view.

import { classColour } from './palette.js';
import { attachZoom, MIN_HALF, MAX_OUT } from './zoom.js';
import { drawDensities } from './density.js';
import { drawAxes, line, niceStep, tickDigits, tickText, TICK_FONT } from './axes.js';
import { fingerCapture } from './fingers.js';
import { observeInDevicePixels } from './glyph.js';
import { PointsCache, sameView } from './points-cache.js';

// left: at least this; the plane widens it to fit its widest y tick (see constructor)
const MARGIN = { left: 44, right: 10, top: 10, bottom: 30 };

/** Where a 1-D plane's view is centred up, in half-widths above its line of points: the line is a fifth of the way up. */
const LINE_UP = 0.6;

export class LatentPlane {
  /**
   * @param host    element the canvas goes into; its CSS size decides the plane's size
   * @param layers  [{mu, labels, count, latentDim, radius, alpha}] drawn in order
   * @param view    the full (unzoomed) square view, {cx, cy, half}: half-width `half` in prior standard deviations
   *                around the prior's centre (0, 0), or an autoencoder's around its codes
   * @param dims    the dimensions across and up, [x, y]; y is -1 for a 1-D latent
   * @param density what a 1-D plane draws above its line, {codes, kernel}: a VAE's q(z) and prior (codes false), or
   *                an autoencoder's codes, which have no posteriors to average, each spread by a Gaussian kernel of
   *                width `kernel` (0 where they do not spread: then nothing is drawn)
   * @param roams   whether one finger on the plane is the lens's once the plane is tapped (fingers.js), not only
   *                ever the page's, to scroll it
   * @param note    what the plane says over its plot for a pair of dimensions, [x, y] → text ('' for nothing): that
   *                its points all hide at the centre
   */
  constructor(host, {
    layers, view, label, dims = [0, 1], density = { codes: false, kernel: 0 }, roams = false, note = () => '',
  }) {
    this.host = host;
    this.layers = layers;
    this.extent = view.half;
    this.home = { cx: view.cx, cy: view.cy }; // the full view's centre
    this.density = density;
    this.dims = dims;
    // Squares of z outside the full view that the view may still pan to ({cx, cy, half}): a lens's marks there,
    // such as a drawn input's posterior far from the data.
    this.reach = [];
    // The square of z on show: its centre and half-width. Each lens keeps its own: Roam zooms into one
    // posterior while Interpolate's path and Generate's 64 draws want the whole plane.
    this.view = this.clamped({ ...this.home, half: this.extent });
    this.hiddenClasses = new Set();
    this.background = null; // [{canvas, view}]: images of z drawn faintly under the points, later ones on top
    this.overlay = () => {};
    this.pointsCache = new PointsCache(this); // many points, drawn once and moved by a zoom (points-cache.js)
    this.onView = () => {}; // called after every change of the view
    this.canvas = document.createElement('canvas');
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', label);
    host.prepend(this.canvas); // under anything the lens overlays in the host
    this.noteOf = note;
    this.note = document.createElement('p');
    this.note.className = 'plane-note';
    host.append(this.note);
    this.base = document.createElement('canvas');
    this.marginLeft = this.leftMargin();
    this.size = { w: 0, h: 0, dpr: 1 };
    this.barHeight = 0; // the zoom row's, measured whenever it or the host changes size
    this.placePlot();
    this.sayNote();
    this.zoomBar = attachZoom(this);
    this.fingers = roams ? fingerCapture(this) : null;
    // The row's height is not known until it is laid out, and changes with its content, a finger's larger
    // buttons or a font that loads late: the plot starts below it, so its own size changes lay the plane out too.
    // The host is watched in device pixels: a new devicePixelRatio alone sizes the canvases again, or they stay at
    // the old density, blurred.
    const layout = new ResizeObserver(() => this.resize());
    observeInDevicePixels(layout, host);
    layout.observe(this.zoomBar.element);
    this.resize();
  }

  /**
   * Room left of the plot for the widest y tick this plane can show: its value farthest from 0, negative, with the
   * digits of the deepest zoom ("−3.005"), so no tick touches the canvas's edge and the plot never moves with the zoom.
   */
  leftMargin() {
    const m = this.base.getContext('2d');
    m.font = TICK_FONT;
    const { cy } = this.home, e = this.extent; // the farthest from 0, as a negative number: the widest text
    const deepest = tickText(-Math.max(Math.abs(cy - e), Math.abs(cy + e)),
      tickDigits(niceStep((2 * Math.min(MIN_HALF, e)) / 10)));
    return Math.max(MARGIN.left, Math.ceil(m.measureText(deepest).width) + 9);
  }

  /**
   * Shows another pair of dimensions ([x, y]) at its full view, {cx, cy, half}. The reach goes: the lens sets it again
   * for its marks in the new dimensions.
   */
  setDims(dims, { cx, cy, half }) {
    this.dims = dims;
    this.pointsCache.drop();
    this.extent = half;
    this.home = { cx, cy };
    this.reach = [];
    this.marginLeft = this.leftMargin();
    this.placePlot();
    if (this.size.w) this.zoomBar.place();
    this.sayNote();
    this.setView({ cx, cy, half });
  }

  /** Shows the note for the dimensions on show, at the top of the plot, inside it. */
  sayNote() {
    const text = this.noteOf(this.dims);
    this.note.textContent = text;
    this.note.hidden = !text;
    const { x, y, side } = this.plot;
    Object.assign(this.note.style, { left: `${x + 8}px`, top: `${y + 8}px`, width: `${Math.max(0, side - 16)}px` });
  }

  /** The point the plane shows of the latent vector v[offset .. offset + latentDim): its x and y dimensions. */
  at(v, offset = 0) {
    const [x, y] = this.dims;
    return [v[offset + x], y >= 0 ? v[offset + y] : 0];
  }

  /** How many times the full view this is: 1 at full view. */
  get zoom() {
    return this.extent / this.view.half;
  }

  /**
   * Shows the square of half-width `half` around (cx, cy), its half-width kept within MIN_HALF..widest and the square
   * inside the bounds (the full view, the reach and every point), so no zoom or pan can lose the data. The points
   * are redrawn at most once a frame.
   */
  setView(view) {
    this.view = this.clamped(view);
    if (!this.viewFrame) {
      this.viewFrame = requestAnimationFrame(() => { this.viewFrame = 0; this.drawBase(); });
    }
    this.onView(this.view);
    this.zoomBar.update();
  }

  /** The view nearest the one asked for that setView allows. */
  clamped({ cx, cy, half }) {
    const { x0, x1, y0, y1 } = this.bounds;
    half = Math.min(this.widest, Math.max(Math.min(MIN_HALF, this.extent), half));
    // Inside the bounds where they are wider than the view; centred on them where the view is wider (zoomed out).
    const fit = (lo, hi, c) => (hi - lo <= 2 * half ? (lo + hi) / 2 : Math.max(lo + half, Math.min(hi - half, c)));
    // A 1-D latent's points all lie on z = 0 across: the view keeps that line a fifth of the way up, with the densities
    // above it and room below for a posterior's ring.
    cy = this.dims[1] < 0 ? LINE_UP * half : fit(y0, y1, cy);
    return { cx: fit(x0, x1, cx), cy, half };
  }

  /**
   * The widest view, as a half-width: the full view at 1× shows nearly every point (extentFor), and zooming out
   * below 1× shows the bounds whole, the rest of the points and the lens's marks (Generate's draws at τ = 2), up to
   * MAX_OUT times the full view's width.
   */
  get widest() {
    const { x0, x1, y0, y1 } = this.bounds, oneDim = this.dims[1] < 0;
    const { cx, cy } = this.home, e = this.extent;
    // Centred on the full view's centre as far as the bounds reach on either side, so zooming out about it shows them.
    const across = Math.max(cx - x0, x1 - cx), up = oneDim ? 0 : Math.max(cy - y0, y1 - cy);
    const need = Math.max(across, up); // the bounds hold the full view: need is e where it shows them all
    return need <= e ? e : Math.min(MAX_OUT * e, 1.02 * need); // a margin, so the farthest point is not on the frame
  }

  /** The rectangle of z the view stays in: the full view, widened to take in the reach and every point. */
  get bounds() {
    const e = this.extent;
    const { cx, cy } = this.home, b = { x0: cx - e, x1: cx + e, y0: cy - e, y1: cy + e };
    for (const { cx, cy, half } of [...this.reach, this.pointsBox()]) {
      b.x0 = Math.min(b.x0, cx - half);
      b.x1 = Math.max(b.x1, cx + half);
      b.y0 = Math.min(b.y0, cy - half);
      b.y1 = Math.max(b.y1, cy + half);
    }
    return b;
  }

  /**
   * Lets the view pan to these squares of z as well ([{cx, cy, half}], [] for none); a view left outside the
   * new bounds comes back inside them.
   */
  setReach(squares) {
    this.reach = squares;
    const { cx, cy, half } = this.clamped(this.view);
    if (cx !== this.view.cx || cy !== this.view.cy || half !== this.view.half) this.setView({ cx, cy, half });
  }

  /**
   * The square around every point of every layer in the dimensions on show, {cx, cy, half}; kept until the layers or
   * the dimensions change, as the bounds are read on every change of the view.
   */
  pointsBox() {
    const key = this.boxKey;
    if (key && key.layers === this.layers && key.dims === this.dims) return key.box;
    const [dx, dy] = this.dims;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const { mu, count, latentDim } of this.layers) {
      for (let o = 0; o < count * latentDim; o += latentDim) {
        x0 = Math.min(x0, mu[o + dx]);
        x1 = Math.max(x1, mu[o + dx]);
        const v = dy >= 0 ? mu[o + dy] : 0;
        y0 = Math.min(y0, v);
        y1 = Math.max(y1, v);
      }
    }
    // No points: the full view's centre, which the bounds hold anyway.
    const box = x0 <= x1 ? { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, half: Math.max(x1 - x0, y1 - y0) / 2 }
      : { ...this.home, half: 0 };
    this.boxKey = { layers: this.layers, dims: this.dims, box };
    return box;
  }

  /** The point of the bounds nearest (z1, z2): where the view can still show it. */
  within([z1, z2]) {
    const { x0, x1, y0, y1 } = this.bounds;
    return [Math.max(x0, Math.min(x1, z1)), Math.max(y0, Math.min(y1, z2))];
  }

  /** A little square of reach around a mark at (z1, z2): a pan can bring the mark in with a margin. */
  around(z1, z2) {
    return { cx: z1, cy: z2, half: 0.05 * this.extent };
  }

  /** Whether (z1, z2) is inside the square on show. */
  inView(z1, z2) {
    const { cx, cy, half } = this.view;
    return Math.abs(z1 - cx) <= half && Math.abs(z2 - cy) <= half;
  }

  /** Whether this is the full view at 1×, centred as it started. */
  get atFullView() {
    const { cx, cy, half } = this.view, home = this.home, near = (a, b) => Math.abs(a - b) < 1e-9 * this.extent;
    return Math.abs(half - this.extent) < 1e-4 * this.extent && near(cx, home.cx) && (this.dims[1] < 0 || near(cy, home.cy));
  }

  /** Zooms by `factor` (> 1 in) keeping the z under CSS pixel (px, py) where it is. */
  zoomAbout(factor, px, py) {
    const [zx, zy] = this.toZ(px, py), { cx, cy, half } = this.view;
    const k = 1 / factor;
    this.setView({ cx: zx + (cx - zx) * k, cy: zy + (cy - zy) * k, half: half * k });
  }

  /** Pans the least that brings z into the view (the keyboard probe must not walk off screen). */
  reveal([z1, z2]) {
    const { cx, cy, half } = this.view;
    const into = (c, z) => Math.min(z + 0.9 * half, Math.max(z - 0.9 * half, c));
    if (!this.inView(z1, z2)) this.setView({ cx: into(cx, z1), cy: into(cy, z2), half });
  }

  /**
   * Lays out the plot area, {x, y, side} in CSS pixels, after a change of the canvas's size, the left margin or the
   * zoom row: kept in a field, as every point's place is read from it on every redraw.
   */
  placePlot() {
    const { w, h } = this.size;
    const top = Math.max(MARGIN.top, this.barHeight); // the zoom buttons sit above the plot, never on the data
    const side = Math.max(1, Math.min(w - this.marginLeft - MARGIN.right, h - top - MARGIN.bottom));
    this.plot = { x: this.marginLeft, y: top, side };
  }

  /** CSS pixels per unit of z (one prior standard deviation) at the current zoom: the same across as up. */
  get pxPerUnit() {
    return this.plot.side / (2 * this.view.half);
  }

  toPx(z1, z2) {
    return [this.xPx(z1), this.yPx(z2)];
  }

  /** The CSS pixel column of z1 across: toPx's first number, without the array. */
  xPx(z1) {
    const { x, side } = this.plot, { cx, half } = this.view;
    return x + ((z1 - cx + half) / (2 * half)) * side;
  }

  /** The CSS pixel row of z2 up: toPx's second number. */
  yPx(z2) {
    const { y, side } = this.plot, { cy, half } = this.view;
    return y + ((cy + half - z2) / (2 * half)) * side;
  }

  /**
   * Calls f(i, px, py) for each point of a layer whose class is shown, at its place in CSS pixels: toPx(...at(mu,
   * i * latentDim)) without the two arrays those make. Thousands of points are placed on every frame of a zoom.
   */
  eachPoint({ mu, labels, count, latentDim }, f, from = 0, to = count) {
    const [dx, dy] = this.dims;
    for (let i = from; i < to; i++) {
      if (this.hiddenClasses.has(labels[i])) continue;
      const o = i * latentDim;
      f(i, this.xPx(mu[o + dx]), this.yPx(dy >= 0 ? mu[o + dy] : 0));
    }
  }

  toZ(px, py) {
    const { x, y, side } = this.plot, { cx, cy, half } = this.view;
    return [cx - half + ((px - x) / side) * 2 * half, cy + half - ((py - y) / side) * 2 * half];
  }

  /** Pointer event -> CSS pixel position in the canvas. */
  eventPx(ev) {
    const r = this.canvas.getBoundingClientRect();
    return [ev.clientX - r.left, ev.clientY - r.top];
  }

  inPlot(px, py) {
    const { x, y, side } = this.plot;
    return px >= x && px <= x + side && py >= y && py <= y + side;
  }

  /** Index into layers[layer] of the visible point nearest (px, py) within maxPx, or -1. */
  nearest(px, py, maxPx = 10, layer = 0) {
    let best = -1, bestD = maxPx * maxPx;
    this.eachPoint(this.layers[layer], (i, qx, qy) => {
      const d = (qx - px) ** 2 + (qy - py) ** 2;
      if (d < bestD) { bestD = d; best = i; }
    });
    return best;
  }

  /**
   * The keyboard's pointer: the arrow keys move a probe by 0.1 (Shift: 0.5) within the view, calling
   * move([z1, z2]) from getZ(); Enter or Space call pick(), the keyboard's click.
   */
  onKeys(getZ, move, pick) {
    this.keyProbe = getZ; // the keys + and − zoom about it
    this.canvas.addEventListener('keydown', ev => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault(); // Space would scroll the page
        pick();
        return;
      }
      // Steps of the same few pixels at any zoom: 0.1 of a unit at full view, 0.01 zoomed ten times.
      const step = (ev.shiftKey ? 0.5 : 0.1) / this.zoom;
      const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }[ev.key];
      if (!d) return;
      ev.preventDefault();
      const [z1, z2] = getZ(), up = this.dims[1] >= 0 ? d[1] : 0; // a 1-D latent has no z up the plane
      const z = this.within([z1 + d[0], z2 + up]);
      this.reveal(z);
      move(z);
    });
  }

  /** Lays the plane out again if its host or the zoom row changed size. */
  resize() {
    const r = this.host.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    if (r.width < 1 || r.height < 1) return; // hidden tab: wait until it is shown
    const barHeight = this.zoomBar.height;
    const sized = r.width === this.size.w && r.height === this.size.h && dpr === this.size.dpr;
    if (sized && barHeight === this.barHeight) return;
    if (!sized) {
      this.size = { w: r.width, h: r.height, dpr };
      for (const c of [this.canvas, this.base]) {
        c.width = Math.round(r.width * dpr);
        c.height = Math.round(r.height * dpr);
      }
    }
    this.barHeight = barHeight;
    this.placePlot();
    this.sayNote();
    this.onResize?.();
    this.zoomBar.place();
    this.redrawBase();
  }

  /** layers: [{canvas, view}], each an image of the square `view` of z; null for none. */
  setBackground(layers) { this.background = layers; this.drawBase(); }

  /** Re-renders axes, background and points (slow path: on data, option or size changes). */
  redrawBase() {
    this.pointsCache.drop();
    // Other points may widen or narrow how far the view zooms out (widest): a view now too wide comes back in.
    if (this.zoomBar) {
      const v = this.clamped(this.view);
      if (!sameView(v, this.view)) this.setView(v);
      else this.zoomBar.update();
    }
    this.drawBase();
  }

  /**
   * Draws the base canvas at the view on show: the points straight onto it, or where they are many, from the
   * points cache, moved and scaled while the view changes (points-cache.js).
   */
  drawBase() {
    if (!this.size.w) return;
    const ctx = this.base.getContext('2d');
    ctx.setTransform(this.size.dpr, 0, 0, this.size.dpr, 0, 0);
    ctx.clearRect(0, 0, this.size.w, this.size.h);
    this.tickLabels = drawAxes(ctx, this); // {axis, text, left, right, top, bottom} in CSS pixels, for the tests
    const { x, y, side } = this.plot;
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, side, side);
    ctx.clip();
    if (this.background) this.drawBackground(ctx);
    // The test points' layer, the last: a 1-D plane shows their posteriors' average over its line.
    this.densities = this.dims[1] < 0 ? drawDensities(ctx, this, this.layers[this.layers.length - 1], this.density) : null;
    if (!this.pointsCache.draw(ctx)) this.layers.forEach(l => this.drawPoints(ctx, l));
    ctx.restore();
    this.redraw();
  }

  /**
   * The background layers at their places in z, faintly over the plot: each where no later (more detailed) layer
   * covers it, so a detailed layer over a coarse one does not darken where they overlap, as two faint layers would.
   */
  drawBackground(ctx) {
    ctx.imageSmoothingEnabled = false;
    ctx.globalAlpha = 0.3;
    const squares = this.background.map(({ view: { cx, cy, half } }) => {
      const [x0, y0] = this.toPx(cx - half, cy + half), [x1, y1] = this.toPx(cx + half, cy - half);
      return [x0, y0, x1 - x0, y1 - y0];
    });
    this.background.forEach(({ canvas }, i) => {
      ctx.save();
      if (i < squares.length - 1) { // clip out the later layers' squares: the plot, then each later square, even-odd
        ctx.beginPath();
        ctx.rect(0, 0, this.size.w, this.size.h);
        for (const s of squares.slice(i + 1)) ctx.rect(...s);
        ctx.clip('evenodd');
      }
      ctx.drawImage(canvas, ...squares[i]);
      ctx.restore();
    });
    ctx.globalAlpha = 1;
    ctx.imageSmoothingEnabled = true;
  }

  /** Fast path: copies the cached base, then the lens's overlay (pointer, selection, paths). */
  redraw() {
    if (!this.size.w) return;
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(this.base, 0, 0);
    ctx.setTransform(this.size.dpr, 0, 0, this.size.dpr, 0, 0);
    const { x, y, side } = this.plot;
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, side, side);
    ctx.clip();
    this.overlay(ctx, this);
    ctx.restore();
  }

  /** Draws a layer's points from index `from` up to `to` (all by default); returns where it stopped. */
  drawPoints(ctx, layer, from = 0, to = layer.count) {
    const { labels, count, radius: r0 = 2.6, alpha: a0 = 0.85 } = layer;
    // Thousands of points at full size would merge into one blob: shrink and thin them with the count.
    const density = Math.min(1, Math.sqrt(1500 / Math.max(count, 1)));
    const radius = Math.max(1.1, r0 * density);
    ctx.globalAlpha = a0 * (0.55 + 0.45 * density);
    ctx.lineWidth = 0.6;
    ctx.strokeStyle = 'rgba(20, 24, 33, 0.55)';
    this.eachPoint(layer, (i, px, py) => {
      ctx.beginPath();
      ctx.arc(px, py, radius, 0, 2 * Math.PI);
      ctx.fillStyle = classColour(labels[i]);
      ctx.fill();
      if (radius > 2) ctx.stroke();
    }, from, Math.min(to, count));
    ctx.globalAlpha = 1;
    return Math.min(to, count);
  }
}

/**
 * A view half-width that shows nearly every point in dimensions [x, y] (y = -1: only x): at least the prior's ±3.5σ,
 * at most ±10.
 */
export function extentFor(mu, latentDim, [x, y] = [0, 1]) {
  const abs = [];
  for (let i = 0; i < mu.length; i += latentDim) {
    abs.push(Math.abs(mu[i + x]));
    if (y >= 0 && y < latentDim) abs.push(Math.abs(mu[i + y]));
  }
  abs.sort((a, b) => a - b);
  const q = abs.length ? abs[Math.floor(0.995 * (abs.length - 1))] : 0;
  return Math.min(10, Math.max(3.5, Math.ceil((q + 0.25) * 2) / 2));
}

/**
 * The full view of an autoencoder's codes in dimensions [x, y] (y = -1: only x), {cx, cy, half}: centred on the middle
 * 99 % of them and a tenth wider, as codes have no prior to be centred on and may have any scale.
 */
export function codeViewFor(mu, latentDim, [x, y] = [0, 1]) {
  const span = j => {
    const v = [];
    for (let i = 0; i < mu.length; i += latentDim) v.push(mu[i + j]);
    v.sort((a, b) => a - b);
    return v.length ? [v[Math.floor(0.005 * (v.length - 1))], v[Math.ceil(0.995 * (v.length - 1))]] : [0, 0];
  };
  const [x0, x1] = span(x), [y0, y1] = y >= 0 ? span(y) : [0, 0];
  const raw = 0.55 * Math.max(x1 - x0, y1 - y0), step = niceStep(raw / 10);
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, half: raw > 0 ? step * Math.ceil(raw / step) : 1 };
}

/** Marks shared by the lenses. */
export const marks = {
  cross(ctx, px, py, size = 7, colour = '#111827') {
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.lineWidth = 4;
    line(ctx, px - size, py, px + size, py);
    line(ctx, px, py - size, px, py + size);
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.6;
    line(ctx, px - size, py, px + size, py);
    line(ctx, px, py - size, px, py + size);
  },
  dot(ctx, px, py, r, fill, stroke = '#ffffff') {
    ctx.beginPath();
    ctx.arc(px, py, r, 0, 2 * Math.PI);
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = stroke;
    ctx.stroke();
  },
  ring(ctx, px, py, rx, ry, colour, dashed) {
    ctx.beginPath();
    ctx.ellipse(px, py, Math.max(rx, 1), Math.max(ry, 1), 0, 0, 2 * Math.PI);
    ctx.setLineDash(dashed ? [5, 4] : []);
    ctx.lineWidth = 2;
    ctx.strokeStyle = colour;
    ctx.stroke();
    ctx.setLineDash([]);
  },
  label(ctx, px, py, text) {
    ctx.font = 'bold 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#ffffff';
    ctx.strokeText(text, px, py);
    ctx.fillStyle = '#111827';
    ctx.fillText(text, px, py);
  },
};
