// Many points on a LatentPlane, drawn once into a cache that covers more than the view, and shown from it: a zoom or
// pan in progress moves and scales the cache to the new view, where drawing 60,000 train points again on every frame
// took 100 ms a frame. Once the view rests, the points are drawn again at the new view, a slice a frame, and replace
// the stretched cache whole.

/** Points shown above which the plane draws them from the cache; at or below, straight onto it on every frame. */
const ABOVE = 20000;
/** The cache reaches this share of the plot's side past each edge (a zoom out by 2× shows it whole), up to MAX device pixels across. */
const MARGIN = 0.5, MAX = 4096;
/** How long the view rests before the points are drawn sharp again, and the drawing's time and points per slice. */
const SHARPEN_MS = 120, SLICE_MS = 8, SLICE_POINTS = 1000;

export class PointsCache {
  constructor(plane) {
    this.plane = plane;
    this.above = ABOVE; // tests lower it to try the cache with few points
    this.image = null; // {canvas, view}: the points drawn at `view`
    this.job = 0; // bumped to drop a sharpening in progress
    this.sharpening = null; // the view a sharpening waits for or is drawing at, or null
    this.timer = 0;
  }

  /**
   * Forgets the image: the points, their classes shown, the dimensions or the plot changed. A sharpening in progress
   * goes too: it draws at the plot it began at, and once whole would replace the image drawn at the new one.
   */
  drop() {
    this.image = null;
    this.sharpening = null;
    this.job++;
    clearTimeout(this.timer);
  }

  /**
   * Draws the points onto ctx (the base canvas, clipped to the plot) from the cache, drawing it first where there is
   * none; false where the points are few enough to draw straight, which the plane then does.
   */
  draw(ctx) {
    const plane = this.plane;
    if (plane.layers.reduce((n, l) => n + l.count, 0) <= this.above) {
      this.image = null;
      return false;
    }
    if (!this.image) this.image = this.render();
    // Once per view: a redraw at the view being sharpened (a background grid shown, a hover) must not start it over.
    else if (!sameView(this.image.view, plane.view) && !(this.sharpening && sameView(this.sharpening, plane.view))) {
      this.sharpenLater();
    }
    const { canvas, view } = this.image, [tx, ty, k] = this.placed(view);
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = k !== 1;
    ctx.drawImage(canvas, tx, ty, canvas.width * k, canvas.height * k);
    ctx.restore();
    return true;
  }

  /**
   * Where the image drawn at `view` goes on the base canvas at the view on show: its top-left corner in device pixels
   * and its scale, [tx, ty, k]; at its own view, exactly where its points were placed.
   */
  placed(view) {
    const plane = this.plane, { dpr } = plane.size, { x, y, side } = plane.plot;
    const [ox, oy] = this.origin();
    if (sameView(view, plane.view)) return [ox, oy, 1];
    // The image's corner in z, at its own view, placed by the view on show.
    const z1 = view.cx - view.half + (ox / dpr - x) * 2 * view.half / side;
    const z2 = view.cy + view.half - (oy / dpr - y) * 2 * view.half / side;
    return [plane.xPx(z1) * dpr, plane.yPx(z2) * dpr, view.half / plane.view.half];
  }

  /** The image's top-left corner on the base canvas at its own view, in whole device pixels, pad() out from the plot's. */
  origin() {
    const { dpr } = this.plane.size, { x, y } = this.plane.plot, pad = this.pad();
    return [Math.floor(x * dpr) - pad, Math.floor(y * dpr) - pad];
  }

  /** Device pixels the image reaches past each side of the plot: a zoom out by one step still finds points there. */
  pad() {
    const s = this.plane.plot.side * this.plane.size.dpr;
    return Math.ceil(Math.min(MARGIN * s, Math.max(0, (MAX - s) / 2)));
  }

  /** A blank image for the view on show, {canvas, ctx, view}: ctx places z as the base canvas does, shifted. */
  blank() {
    const plane = this.plane, { dpr } = plane.size, [ox, oy] = this.origin();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = Math.ceil(plane.plot.side * dpr) + 2 * this.pad() + 2;
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, -ox, -oy);
    return { canvas, ctx, view: { ...plane.view } };
  }

  /** The points drawn at the view on show, {canvas, view}, all at once. */
  render() {
    const { canvas, ctx, view } = this.blank();
    this.plane.layers.forEach(l => this.plane.drawPoints(ctx, l));
    return { canvas, view };
  }

  /**
   * Once the view has rested SHARPEN_MS, draws the points at it into a fresh image, SLICE_MS of drawing a frame, and
   * shows it when whole; a change of the view or the points meanwhile drops it (the next view's frame waits again).
   */
  sharpenLater() {
    clearTimeout(this.timer);
    const job = ++this.job, plane = this.plane;
    this.sharpening = { ...plane.view };
    this.timer = setTimeout(() => {
      const { canvas, ctx, view } = this.blank();
      const layers = plane.layers, hidden = new Set(plane.hiddenClasses);
      let layer = 0, from = 0;
      const slice = () => {
        if (job !== this.job || !sameView(view, plane.view) || layers !== plane.layers
          || !sameSet(hidden, plane.hiddenClasses)) return;
        const start = performance.now();
        while (layer < layers.length && performance.now() - start < SLICE_MS) {
          from = plane.drawPoints(ctx, layers[layer], from, from + SLICE_POINTS);
          if (from >= layers[layer].count) { layer++; from = 0; }
          // The canvas records its drawing and paints it later, at once: reading a pixel paints it now, so the
          // slice's time is its painting's, not only its recording's.
          ctx.getImageData(0, 0, 1, 1);
        }
        if (layer < layers.length) { requestAnimationFrame(slice); return; }
        this.image = { canvas, view };
        this.sharpening = null;
        plane.drawBase();
      };
      requestAnimationFrame(slice);
    }, SHARPEN_MS);
  }
}

export function sameView(a, b) {
  return a.cx === b.cx && a.cy === b.cy && a.half === b.half;
}

function sameSet(a, b) {
  return a.size === b.size && [...a].every(v => b.has(v));
}
