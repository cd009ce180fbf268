// Draw an input: strokes on a pad become an image of the model's size, each pixel the ink's coverage of its
// cell in [0, 1] (the scale of the data's x/levels, ink = 1), ready for the encoder's q(z|x).

import { atDevicePixels, onRoomChange, roomOf, wholeScale } from './glyph.js';

const SIDE = 112; // the drawing resolution along the longer side of a pad without room (not on the page), in canvas pixels
/**
 * Stroke width in the model's own pixels, as thick as the data's pen: MNIST's strokes are ~2.5 px wide at
 * 28×28 (its digits fill a 20 px box inside the frame), the 8×8 digits' ~1.2 px. A fixed fraction of the image
 * would draw either one too thick or the other too thin.
 */
const brushPixels = long => Math.max(1.2, (2.5 / 28) * long);

export class DrawPad {
  /**
   * @param canvas   the pad; CSS gives it its room, see resize
   * @param h, w     the model's image rows and columns
   * @param onChange called with the image (Float32Array of h*w) once per frame while drawing, null on clear
   */
  constructor(canvas, h, w, onChange) {
    this.canvas = canvas;
    this.h = h;
    this.w = w;
    this.onChange = onChange;
    this.empty = true;
    this.ctx = canvas.getContext('2d', { willReadFrequently: true });
    this.resize();
    if (canvas.isConnected) onRoomChange(canvas, () => this.resize());
    this.last = null; // the previous point of the stroke in progress, in canvas pixels
    this.pending = false;
    canvas.addEventListener('pointerdown', ev => {
      if (ev.pointerType === 'mouse' && ev.button !== 0) return; // a right or middle click is no stroke
      ev.preventDefault(); // no text selection or scrolling while drawing
      canvas.setPointerCapture(ev.pointerId);
      this.last = this.toPad(ev);
      this.stroke(this.last, this.last);
    });
    canvas.addEventListener('pointermove', ev => {
      if (this.last === null) return;
      const p = this.toPad(ev);
      this.stroke(this.last, p);
      this.last = p;
    });
    for (const type of ['pointerup', 'pointercancel']) canvas.addEventListener(type, () => { this.last = null; });
  }

  /**
   * Sizes the pad to its room in device pixels, one pad pixel to a device pixel so strokes are sharp, and a whole
   * number of them to each of the model's pixels, so each is the ink of the same area. A drawing is kept, rescaled.
   */
  resize() {
    const { canvas, h, w } = this, dpr = window.devicePixelRatio || 1;
    const scale = canvas.isConnected ? wholeScale(roomOf(canvas) * dpr, w) : 0;
    const cell = scale || Math.max(1, Math.round(SIDE / Math.max(h, w)));
    if (canvas.width === cell * w && canvas.height === cell * h && dpr === this.dpr) return;
    this.dpr = dpr;
    const drawing = this.empty ? null : copyOf(canvas);
    canvas.width = cell * w;
    canvas.height = cell * h;
    if (drawing) this.ctx.drawImage(drawing, 0, 0, canvas.width, canvas.height);
    atDevicePixels(canvas, dpr, scale > 0);
  }

  /** Pointer event -> position in the pad's canvas pixels. */
  toPad(ev) {
    const r = this.canvas.getBoundingClientRect();
    return [((ev.clientX - r.left) / r.width) * this.canvas.width, ((ev.clientY - r.top) / r.height) * this.canvas.height];
  }

  stroke([x0, y0], [x1, y1]) {
    const ctx = this.ctx;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    const long = Math.max(this.h, this.w);
    ctx.lineWidth = (brushPixels(long) * Math.max(this.canvas.width, this.canvas.height)) / long;
    ctx.strokeStyle = '#000000';
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1 + 0.01, y1); // a zero-length line draws nothing: a tap still leaves a round dot
    ctx.stroke();
    this.empty = false;
    if (this.pending) return;
    this.pending = true; // encode once per frame however fast the pointer events come
    requestAnimationFrame(() => { this.pending = false; if (!this.empty) this.onChange(this.pixels()); });
  }

  /** The drawing as the model's input: (h, w), each cell's mean ink coverage (the strokes' alpha) in [0, 1]. */
  pixels() {
    const { width: W, height: H } = this.canvas, { h, w } = this;
    const alpha = this.ctx.getImageData(0, 0, W, H).data;
    const x = new Float32Array(h * w);
    for (let r = 0; r < h; r++) {
      const y0 = Math.floor((r * H) / h), y1 = Math.floor(((r + 1) * H) / h);
      for (let c = 0; c < w; c++) {
        const x0 = Math.floor((c * W) / w), x1 = Math.floor(((c + 1) * W) / w);
        let sum = 0;
        for (let y = y0; y < y1; y++) for (let xx = x0; xx < x1; xx++) sum += alpha[4 * (y * W + xx) + 3];
        x[r * w + c] = sum / (255 * (y1 - y0) * (x1 - x0));
      }
    }
    return x;
  }

  clear() {
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.empty = true;
    this.onChange(null);
  }
}

/**
 * The pad from the keyboard: a pen over the model's pixels that the arrow keys move, a pixel a press (with Shift, a
 * quarter of the image), drawing while it is down; Space or Enter puts it down (a dot) or lifts it, Escape lifts it,
 * Delete or Backspace clears the pad. `mark` shows the pen while the pad has the keyboard's focus; say(text) gets
 * where it is after each key, for a screen reader.
 */
export class KeyboardPen {
  constructor(pad, mark, say) {
    Object.assign(this, { pad, mark, say, col: Math.floor(pad.w / 2), row: Math.floor(pad.h / 2), down: false });
    const canvas = pad.canvas;
    canvas.addEventListener('keydown', ev => this.key(ev));
    canvas.addEventListener('focus', () => this.place());
    canvas.addEventListener('blur', () => { this.down = false; mark.hidden = true; });
    // A pointer draws where it is pressed: the keyboard's pen stays out of sight until the keys are used again.
    canvas.addEventListener('pointerdown', () => { mark.hidden = true; });
  }

  key(ev) {
    const { pad } = this, far = ev.shiftKey ? Math.max(1, Math.round(Math.max(pad.h, pad.w) / 4)) : 1;
    const move = { ArrowLeft: [-far, 0], ArrowRight: [far, 0], ArrowUp: [0, -far], ArrowDown: [0, far] }[ev.key];
    if (move) {
      const from = this.centre();
      this.col = Math.max(0, Math.min(pad.w - 1, this.col + move[0]));
      this.row = Math.max(0, Math.min(pad.h - 1, this.row + move[1]));
      if (this.down) pad.stroke(from, this.centre());
    } else if (ev.key === ' ' || ev.key === 'Enter') {
      this.down = !this.down;
      if (this.down) pad.stroke(this.centre(), this.centre());
    } else if (ev.key === 'Escape') {
      this.down = false; // and the key goes on: Escape may mean more to the page around
    } else if (ev.key === 'Delete' || ev.key === 'Backspace') {
      pad.clear();
    } else {
      return;
    }
    if (ev.key !== 'Escape') ev.preventDefault(); // the arrows and Space would scroll the page
    this.place();
    this.say(`${ev.key === 'Delete' || ev.key === 'Backspace' ? 'Pad cleared. ' : ''}Pen ${this.down ? 'down' : 'up'}`
      + ` at column ${this.col + 1} of ${pad.w}, row ${this.row + 1} of ${pad.h}`);
  }

  /** The middle of the pen's pixel, in the pad's canvas pixels. */
  centre() {
    const { canvas, h, w } = this.pad;
    return [((this.col + 0.5) * canvas.width) / w, ((this.row + 0.5) * canvas.height) / h];
  }

  /**
   * Shows the pen where it is, as wide as the brush and filled while it draws, over the pad in its parent (which
   * places it); only for a focus the keyboard gave.
   */
  place() {
    const { mark, pad } = this, c = pad.canvas;
    mark.hidden = !c.matches(':focus-visible');
    if (mark.hidden) return;
    const box = c.getBoundingClientRect(), parent = c.parentElement.getBoundingClientRect();
    const cell = (box.width - 2 * c.clientLeft) / pad.w, size = brushPixels(Math.max(pad.h, pad.w)) * cell;
    Object.assign(mark.style, {
      left: `${box.left - parent.left + c.clientLeft + (this.col + 0.5) * cell - size / 2}px`,
      top: `${box.top - parent.top + c.clientTop + (this.row + 0.5) * cell - size / 2}px`,
      width: `${size}px`, height: `${size}px`,
    });
    mark.classList.toggle('down', this.down);
  }
}

function copyOf(canvas) {
  const c = document.createElement('canvas');
  c.width = canvas.width;
  c.height = canvas.height;
  c.getContext('2d').drawImage(canvas, 0, 0);
  return c;
}
