// Images as crisp pixels. An image on the page is drawn at the size it is shown, in device pixels, each of its
// pixels a whole number of them: the most that fit the room the style sheet gives its box, which then shrinks to the
// image (by less than one more device pixel to each image pixel would take). Scaled by CSS at a fractional factor, an
// 8x8 digit shown 126 px wide came out in columns of 15 and 16 px. Images drawn onto other canvases (drawGlyph)
// keep one pixel per canvas pixel.

import { INK, PAPER } from './palette.js';

/** Writes probs[offset .. offset+h*w) as ink on paper into an ImageData at (x, y). */
function paintPixels(image, probs, offset, h, w, x, y) {
  const d = image.data;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const p = Math.min(1, Math.max(0, probs[offset + r * w + c]));
      const k = 4 * ((y + r) * image.width + x + c);
      d[k] = PAPER[0] + p * (INK[0] - PAPER[0]);
      d[k + 1] = PAPER[1] + p * (INK[1] - PAPER[1]);
      d[k + 2] = PAPER[2] + p * (INK[2] - PAPER[2]);
      d[k + 3] = 255;
    }
  }
}

/** One image (h, w) at probs[offset..] onto a canvas sized to it. */
export function drawGlyph(canvas, probs, h, w, offset = 0) {
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(w, h);
  paintPixels(image, probs, offset, h, w, 0, 0);
  ctx.putImageData(image, 0, 0);
}

/**
 * count images (count, h*w) tiled cols wide onto one canvas. Each data pixel becomes scale x scale canvas
 * pixels so the gutters (gap canvas pixels, transparent) stay thin next to the images once CSS scales it.
 */
export function drawGlyphGrid(canvas, probs, count, h, w, cols, { scale = 1, gap = 1 } = {}) {
  const rows = Math.ceil(count / cols);
  const cw = w * scale, ch = h * scale;
  const width = cols * cw + (cols - 1) * gap, height = rows * ch + (rows - 1) * gap;
  if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = false;
  const tile = document.createElement('canvas');
  for (let i = 0; i < count; i++) {
    drawGlyph(tile, probs, h, w, i * h * w);
    ctx.drawImage(tile, (i % cols) * (cw + gap), Math.floor(i / cols) * (ch + gap), cw, ch);
  }
  return { cellWidth: cw, cellHeight: ch, gap };
}

/**
 * Device pixels per image pixel (a whole number) for an image `w` pixels wide in `room` device pixels: the most that
 * fit, and 0 where not even one does (then CSS shrinks the image to its room instead).
 */
export function wholeScale(room, w) {
  return Math.floor(room / w + 1e-9);
}

/**
 * Shows a canvas at its own size in device pixels, one canvas pixel to one device pixel, plus its border (the page's
 * boxes include their borders); `fits` false gives the size back to the style sheet.
 */
export function atDevicePixels(canvas, dpr, fits = true) {
  const s = getComputedStyle(canvas), px = v => parseFloat(s[v]) || 0;
  canvas.style.width = fits ? `${canvas.width / dpr + px('borderLeftWidth') + px('borderRightWidth')}px` : '';
  canvas.style.height = fits ? `${canvas.height / dpr + px('borderTopWidth') + px('borderBottomWidth')}px` : '';
}

/** The width the style sheet gives a canvas's content, in CSS pixels, whatever size it was last shown at. */
export function roomOf(canvas) {
  const { width, height } = canvas.style;
  canvas.style.width = canvas.style.height = '';
  const s = getComputedStyle(canvas), px = v => parseFloat(s[v]) || 0;
  const room = canvas.getBoundingClientRect().width - px('borderLeftWidth') - px('borderRightWidth')
    - px('paddingLeft') - px('paddingRight');
  Object.assign(canvas.style, { width, height });
  return room;
}

const shown = new Map(); // canvas on the page -> {image (h*w), h, w, scale, dpr}: what to draw again in a new room
const tile = document.createElement('canvas');

/**
 * One image (h, w) at probs[offset..] onto a canvas on the page, at whole device pixels per image pixel (see above).
 * Drawn again by itself when its room or the devicePixelRatio changes.
 */
export function showGlyph(canvas, probs, h, w, offset = 0) {
  const image = new Float32Array(h * w);
  for (let k = 0; k < image.length; k++) image[k] = probs[offset + k];
  const before = shown.get(canvas), same = before?.h === h && before?.w === w;
  shown.set(canvas, { image, h, w, scale: same ? before.scale : -1, dpr: same ? before.dpr : 0 });
  if (!before) onRoomChange(canvas, () => { if (fit(canvas)) paint(canvas); });
  if (!same) fit(canvas);
  paint(canvas);
}

/**
 * Sizes a canvas for the room it has now: scale device pixels per image pixel, 0 where it has none (a hidden tab) or
 * too little (then one canvas pixel per image pixel, and CSS shrinks it). Returns whether anything changed.
 */
function fit(canvas) {
  const g = shown.get(canvas), dpr = window.devicePixelRatio || 1;
  const scale = wholeScale(roomOf(canvas) * dpr, g.w);
  if (scale === g.scale && dpr === g.dpr) return false;
  Object.assign(g, { scale, dpr });
  canvas.width = Math.max(1, scale) * g.w;
  canvas.height = Math.max(1, scale) * g.h;
  atDevicePixels(canvas, dpr, scale > 0);
  return true;
}

function paint(canvas) {
  const { image, h, w } = shown.get(canvas);
  drawGlyph(tile, image, h, w);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = false; // whole multiples: each image pixel a block of k x k canvas pixels, exactly
  ctx.drawImage(tile, 0, 0, canvas.width, canvas.height);
}

// Rooms change with the layout: a resized window, a tab shown, a new devicePixelRatio (a browser zoom, another
// screen). Each canvas's parent is watched in device pixels, and every canvas is fitted again in the next frame
// (fitting inside the observer would resize what it watches).
const refits = new Map(); // canvas -> what fits it to its room again
let pending = 0;
const refitAll = () => {
  pending = 0;
  refits.forEach(refit => refit());
};
const schedule = () => { pending ||= requestAnimationFrame(refitAll); };
const observer = new ResizeObserver(schedule);
window.addEventListener('resize', schedule); // a max-width of 100vh - … changes with the window's height alone

/**
 * Calls refit() in the frame after any change of the room a canvas on the page may have: the box of `room`, its
 * parent unless a box nearer the page's layout gives it (one sized to the canvas itself would only follow it).
 */
export function onRoomChange(canvas, refit, room = canvas.parentElement) {
  refits.set(canvas, refit);
  observeInDevicePixels(observer, room);
}

// Safari's resize observers know no box in device pixels (devicePixelContentBoxSize): there the boxes they watch in CSS
// pixels are observed again whenever devicePixelRatio changes, which has each observer report them anew, a change or
// not (its callers compare the ratio they drew at).
const devicePixelBoxes = 'devicePixelContentBoxSize' in ResizeObserverEntry.prototype;
const inCssPixels = new Map(); // observer -> the elements it watches in CSS pixels
let ratioQuery = null; // kept: a query dropped with its listener on could be collected

/** Listens once for the end of the devicePixelRatio of now, then for the next one's. */
function watchRatio() {
  ratioQuery = matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
  ratioQuery.addEventListener('change', () => {
    inCssPixels.forEach((elements, observer) => elements.forEach(e => { observer.unobserve(e); observer.observe(e); }));
    watchRatio();
  }, { once: true });
}

/**
 * Has `observer` watch an element's box in device pixels, so that a new devicePixelRatio alone (a browser zoom, a move
 * to another screen), which leaves its size in CSS pixels as it was, is a change too; in a browser without that box
 * (Safari) its CSS size, and the element observed again at each new ratio.
 */
export function observeInDevicePixels(observer, element) {
  if (devicePixelBoxes) {
    try {
      observer.observe(element, { box: 'device-pixel-content-box' });
      return;
    } catch (e) {
      // a browser that names the entries' size in device pixels but refuses the box: as Safari
    }
  }
  observer.observe(element);
  if (!inCssPixels.size) watchRatio();
  if (!inCssPixels.has(observer)) inCssPixels.set(observer, new Set());
  inCssPixels.get(observer).add(element);
}
