// Images as crisp pixels: each canvas holds one data pixel per canvas pixel and CSS scales it up with
// image-rendering: pixelated, so an 8x8 digit stays eight blocks wide at any size.

import { INK, PAPER } from './palette.js';

/** Writes probs[offset .. offset+h*w) as ink on paper into an ImageData at (x, y). */
function paint(image, probs, offset, h, w, x, y) {
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
  paint(image, probs, offset, h, w, 0, 0);
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

/** A canvas holding one image, for drawImage onto larger canvases. */
export function glyphCanvas(probs, h, w, offset = 0) {
  const c = document.createElement('canvas');
  drawGlyph(c, probs, h, w, offset);
  return c;
}
