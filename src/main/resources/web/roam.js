// Roam: move over the latent plane and watch the decoder's image for that z; click an encoded example to see
// its posterior (μ dot, dashed ±1σ ring; on a 1-D latent's line, ±1σ whiskers) and its input beside its
// reconstruction; draw an input and watch its posterior appear the same way. An autoencoder's code is a point, without a ring: its σ head was never trained.

import { LatentPlane, marks } from './plane.js';
import { ZOOM_KEY } from './zoom.js';
import { drawGlyph, showGlyph } from './glyph.js';
import { DrawPad, KeyboardPen } from './draw.js';
import { classColour } from './palette.js';
import { className, fmt, onPress, planeLegend, setOff } from './ui.js';
import { carryPoint, dimPicker, zName } from './dims.js';
import { drawsDensity } from './density.js';

const GRID_CELLS = 15; // decoded glyphs per side of the background grid

export function initRoam(root, atlas) {
  const { points, h, w } = atlas;
  const test = points.splits.test, train = points.splits.train;
  const $ = sel => root.querySelector(sel);
  const ae = atlas.objective.autoencoder;
  if (ae) sayCodes($);
  else if (atlas.latentDim === 1) sayIntervals($);
  const drawable = h >= 4 && w >= 4; // the pad is hidden where the data are not images (a CSV row of features)
  // trains: how many train points are shown (the toggle below), which the caption then counts beside the test's.
  const say = trains => sayPlane($, {
    ae, points: test.count, trains, line: atlas.latentDim === 1, dense: drawsDensity(test, atlas.density), drawable,
  });
  say(0);
  const trainLayer = train && { ...train, radius: 1.6, alpha: 0.35 };
  const testLayer = { ...test };
  const plane = new LatentPlane($('.plane'), {
    layers: [testLayer], view: atlas.viewOf(atlas.dims.pair), density: atlas.density, dims: atlas.dims.pair,
    label: test.count
      ? 'Latent plane: encoded test images coloured by class; point to decode, click to select; the arrow keys'
        + ' move a probe and decode there, Enter selects the point nearest it'
      : 'Latent plane without data points: point to decode; the arrow keys move a probe and decode there',
    roams: true, note: atlas.noteOf,
  });
  // gridBudgetMs: decoding time per frame for the background grid; gridFrames: frames the last grid took.
  // drawn: the drawn input's {x, mu, sigma}, or null.
  // focus: 'selected' or 'drawn', whichever posterior came or was zoomed to last, the one the ±σ button zooms to.
  const state = { z: [0, 0], pointer: null, selected: -1, drawn: null, focus: null, gridBudgetMs: 8, gridFrames: 0 };
  root.roam = state; // tests read the state directly

  planeLegend($('.legend'), plane, points);
  if (!trainLayer || !train.count) $('[name=train]').closest('label').hidden = true;
  // Without data points (the server has not got the model's data) there is nothing to select or colour.
  for (const sel of ['.legend', '.peek', '.selection-head', '.selection-hint']) $(sel).hidden ||= !test.count;
  $('[name=train]').addEventListener('change', e => {
    plane.layers = e.target.checked ? [trainLayer, testLayer] : [testLayer];
    say(e.target.checked ? train.count : 0);
    plane.redrawBase();
  });
  // The decoded grid: first over the full view; once a zoom settles, a second grid of the view itself goes
  // on top (the first one's glyphs, stretched, would be a few blocks each). Each job counter is bumped to stop
  // a grid still being drawn: a toggle stops both, a new zoom or pan the detailed one.
  let gridJob = 0, detailJob = 0, settle = 0, fullGrid = null;
  $('[name=grid]').addEventListener('change', e => startGrid(e.target.checked));
  function startGrid(on) {
    const job = ++gridJob;
    ++detailJob;
    clearTimeout(settle);
    fullGrid = null;
    if (!on) {
      plane.setBackground(null);
      root.dataset.grid = 'off';
      return;
    }
    root.dataset.grid = 'drawing';
    state.gridFrames = 0;
    const view = { ...plane.home, half: plane.extent };
    drawDecodedGrid(atlas, view, state.gridBudgetMs, canvas => {
      if (job !== gridJob) return false;
      state.gridFrames++;
      fullGrid = { canvas, view };
      plane.setBackground([fullGrid]);
      return true;
    }, () => { root.dataset.grid = 'ready'; detailGrid(); });
  }
  function detailGrid() {
    const job = ++detailJob, view = { ...plane.view };
    if (plane.atFullView) { // a 1× view panned towards a far posterior shows z the full grid does not cover
      plane.setBackground([fullGrid]);
      root.dataset.gridZoom = '1';
      return;
    }
    // Shown only when whole: until then the stretched full grid (still right in z) stands in.
    drawDecodedGrid(atlas, view, state.gridBudgetMs, () => job === detailJob, canvas => {
      plane.setBackground([fullGrid, { canvas, view }]);
      root.dataset.gridZoom = plane.zoom.toFixed(3); // tests wait for it
    });
  }
  plane.onView = () => {
    refreshStats();
    ++detailJob;
    clearTimeout(settle);
    if (root.dataset.grid === 'ready') settle = setTimeout(detailGrid, 200); // not per wheel tick: once it rests
  };
  const dims = atlas.dims;
  dimPicker($('.dim-picker'), dims);
  root.classList.toggle('slice', dims.choosable);
  const others = atlas.latentDim - 2;
  const dimsNote = () => {
    const value = ae ? 'the codes\' mean' : '0';
    $('.dims-note').textContent = dims.describe(`the decoder gets ${value} for the other ${others === 1 ? 'one' : others}.`);
  };
  dimsNote();
  $('.zoom-key').textContent = ZOOM_KEY;

  // The big glyph's heading says whether its z is live: once the pointer leaves the plane it is where it last was (the
  // cross turns grey with it), and before any pointing it is the plane's centre.
  let pointed = false;
  const sayWhere = () => {
    pointed ||= state.pointer !== null;
    const where = state.pointer ? 'at the pointer' : pointed ? 'at the last z pointed to'
      : `at the ${ae ? 'codes\'' : 'prior\'s'} centre`;
    $('.live-head').textContent = `Decoded ${where}`;
    $('.glyph-live').setAttribute('aria-label', `Image decoded ${where}`);
  };
  const show = z => {
    state.z = z;
    sayWhere();
    const probs = atlas.decodePlane(z);
    showGlyph($('.glyph-live'), probs, h, w);
    // The narrow layout's preview above the plane, in view while a finger drags; there it stands in for the big one.
    showGlyph($('.glyph-inset'), probs, h, w);
    $('.zread').innerHTML = dims.reading(z, v => `<b>${fmt(v)}</b>`);
    $('.zread-inset').textContent = dims.reading(z); // the narrow layout's, by its preview
    $('.glyph-live').dataset.z = z.join(',');
  };

  plane.overlay = ctx => {
    // The cross marks the z the big glyph shows, and stays when the pointer leaves. It goes under the
    // posteriors: after a click it sits on the selected dot and would hide its ring.
    const [px, py] = plane.toPx(...state.z);
    marks.ring(ctx, px, py, 6, 6, state.pointer ? '#111827' : '#5b6270', false);
    marks.cross(ctx, px, py, 11, state.pointer ? '#111827' : '#5b6270');
    const mark = ae ? drawCode : drawPosterior;
    if (state.drawn) mark(ctx, plane, state.drawn.mu, state.drawn.sigma, '#111827');
    if (state.selected >= 0) {
      const d = atlas.latentDim, i = state.selected;
      mark(ctx, plane, test.mu.subarray(i * d, (i + 1) * d), test.sigma.subarray(i * d, (i + 1) * d),
          classColour(test.labels[i]));
    }
  };

  const selectedPosterior = () => {
    const d = atlas.latentDim, i = state.selected;
    return i < 0 ? null : { mu: test.mu.subarray(i * d, (i + 1) * d), sigma: test.sigma.subarray(i * d, (i + 1) * d) };
  };
  const focused = () => (state.focus === 'drawn' ? state.drawn || selectedPosterior() : selectedPosterior() || state.drawn);
  const frame = p => (ae ? codeFrame(plane, p) : posteriorFrame(plane, p));
  const toPosterior = plane.zoomBar.button('±σ', 'Zoom to the posterior: μ ± 3σ',
    () => plane.zoomBar.animateTo(frame(focused())));
  toPosterior.hidden = true;
  // Each panel's own link frames its posterior, whichever the ±σ button would: its hint can name the link and be
  // true, where ±σ (the posterior touched last) may be the other panel's.
  function zoomTo(which, p) {
    state.focus = which;
    plane.zoomBar.animateTo(frame(p));
    refreshStats();
    const r = plane.canvas.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight) plane.canvas.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }
  $('.selection-go').addEventListener('click', () => zoomTo('selected', selectedPosterior()));

  // A posterior outside the full view (a drawing unlike the data can land far out) must still be in reach of
  // ±σ, a drag or the arrow keys.
  function updateReach() {
    plane.setReach([selectedPosterior(), state.drawn].filter(Boolean).map(frame));
  }

  function refreshStats() {
    toPosterior.hidden = !focused() || ae; // a code has no σ to zoom to: "zoom the plane to it" frames it instead
    const whose = state.drawn && focused() === state.drawn ? 'the drawing' : 'the selected point';
    toPosterior.title = `Zoom to the posterior of ${whose}: μ ± 3σ`;
    toPosterior.setAttribute('aria-label', toPosterior.title);
    const sel = selectedPosterior();
    const said = ae ? codeText : posteriorText;
    if (sel) $('.selection-stats').textContent = said(plane, Array.from(sel.mu), Array.from(sel.sigma));
    $('.drawn-stats').textContent = state.drawn ? said(plane, state.drawn.mu, state.drawn.sigma) : '';
  }

  let pending = null;
  const roamTo = ev => {
    const [px, py] = plane.eventPx(ev);
    if (!plane.inPlot(px, py) || plane.zoomBar.pinching) return; // two fingers zoom, they do not roam
    // Decode once per frame however fast the pointer events come.
    if (pending === null) requestAnimationFrame(() => { show(pending); pending = null; plane.redraw(); });
    const [z1, z2] = plane.toZ(px, py);
    pending = [z1, plane.dims[1] >= 0 ? z2 : 0]; // a 1-D latent's z is the one across: on its line
    state.pointer = pending;
    pointed = true; // before the frame's show: the pointer may leave first
  };
  // A finger roams once the plane holds the fingers (fingers.js); before, it scrolls the page past the plane. Its tap
  // sends down and up but no move: decode where it lands. (A mouse has moved there already.)
  const roams = ev => ev.pointerType === 'mouse' || plane.fingers.captured;
  plane.canvas.addEventListener('pointermove', ev => { if (roams(ev)) roamTo(ev); });
  for (const type of ['pointerdown', 'pointerup']) {
    plane.canvas.addEventListener(type, ev => { if (ev.pointerType !== 'mouse' && roams(ev)) roamTo(ev); });
  }
  plane.canvas.addEventListener('pointerleave', () => { state.pointer = null; sayWhere(); plane.redraw(); });
  plane.canvas.addEventListener('click', ev => {
    const [px, py] = plane.eventPx(ev);
    // The test layer's index: with train points shown, layer 0 is the train layer.
    select(plane.nearest(px, py, 12, plane.layers.indexOf(testLayer)));
  });
  // The keyboard's click selects the test point nearest the probe.
  plane.onKeys(() => state.z, z => { state.pointer = z; show(z); plane.redraw(); },
    () => select(plane.nearest(...plane.toPx(...state.z), 24, plane.layers.indexOf(testLayer))));

  // On a narrow screen the selection panel is far below the plane: the peek under the plane shows the same
  // title and images, and always holds its space, so a selection never moves the plane under a finger.
  $('.peek-more').addEventListener('click', () => {
    $('.selection').scrollIntoView({ behavior: 'smooth', block: 'start' });
    $('.selection').focus({ preventScroll: true });
  });

  function select(i) {
    if (!test.count) return; // no points, nothing to select: the hints stay hidden
    state.selected = i;
    if (i >= 0) state.focus = 'selected';
    $('.selection').hidden = $('.peek-body').hidden = i < 0;
    $('.selection-hint').hidden = $('.peek-hint').hidden = i >= 0;
    if (i >= 0) {
      const d = atlas.latentDim;
      const mu = Array.from(test.mu.subarray(i * d, (i + 1) * d));
      const recon = atlas.model.decode(Float32Array.from(mu), 1);
      for (const c of root.querySelectorAll('.glyph-input, .peek-input')) showGlyph(c, test.pixels, h, w, i * h * w);
      for (const c of root.querySelectorAll('.glyph-recon, .peek-recon')) showGlyph(c, recon, h, w);
      const cls = test.labels[i], name = String(points.dataset.classNames[cls] ?? cls);
      for (const title of root.querySelectorAll('.selection-title, .peek-title')) {
        title.replaceChildren(swatch(cls), ` Test #${i} · class `, ...className(name));
        title.title = `Test #${i}, class ${name}`;
      }
      root.dataset.selected = String(i);
    } else {
      delete root.dataset.selected;
    }
    updateReach();
    refreshStats();
    plane.redraw();
  }

  // A drawn input's posterior.
  const pad = drawable ? new DrawPad($('.draw-pad'), h, w, showDrawn) : null;
  $('.draw').hidden = !pad;
  if (pad) new KeyboardPen(pad, $('.pad-pen'), text => { $('.pad-live').textContent = text; });
  const clear = $('.draw-clear');
  onPress(clear, () => pad?.clear());
  setOff(clear, true); // an empty pad has nothing to clear
  // The posterior is on the plane, beside the pad or, on a phone, far above it: this frames it there.
  $('.drawn-go').addEventListener('click', () => zoomTo('drawn', state.drawn));
  // Said once the drawing rests: every frame of a stroke would be a sentence.
  let saying = 0;
  const sayDrawn = () => {
    clearTimeout(saying);
    saying = setTimeout(() => {
      $('.drawn-live').textContent = state.drawn ? `The encoder places the drawing at ${$('.drawn-stats').textContent}` : '';
    }, 700);
  };

  function showDrawn(x) {
    $('.drawn').hidden = $('.drawn-more').hidden = x === null;
    setOff(clear, x === null);
    sayDrawn();
    if (x === null) {
      state.drawn = null;
      delete root.dataset.drawn;
    } else {
      const { mu, logvar } = atlas.model.encode(x, 1);
      const sigma = Array.from(logvar, v => Math.exp(0.5 * v));
      state.drawn = { x, mu: Array.from(mu), sigma };
      state.focus = 'drawn';
      showGlyph($('.glyph-drawn'), x, h, w);
      showGlyph($('.glyph-drawn-recon'), atlas.model.decode(mu, 1), h, w);
      root.dataset.drawn = String(++drawings);
    }
    updateReach();
    refreshStats();
    plane.redraw();
  }
  let drawings = 0; // bumped on every update, so a test can wait for the next one

  // Other dimensions: the same place on the plane is another z, the posteriors lie elsewhere, the grid is redrawn.
  // The pointer's z is read in the new pair (its numbers were the old pair's), within the new view's reach.
  dims.onChange((pair, previous) => {
    plane.setDims(pair, atlas.viewOf(pair));
    updateReach();
    dimsNote();
    const z = plane.within(carryPoint(state.z, previous, pair, atlas.rest));
    if (state.pointer) state.pointer = z;
    show(z);
    if ($('[name=grid]').checked) startGrid(true);
    refreshStats();
    plane.redraw();
  });

  show([plane.home.cx, plane.dims[1] >= 0 ? plane.home.cy : 0]); // the prior's centre, or the codes'
  plane.redraw(); // the overlay was attached after the plane first drew itself
  return { plane, select, show, state, pad };
}

/**
 * q(z|x) on the plane: the μ dot inside the dashed ±1σ ring over the plane's two dimensions. Trained encoders often
 * give σ of a few hundredths, a ring of a few pixels: the dot shrinks to stay inside it, so the ring is never hidden.
 */
function drawPosterior(ctx, plane, mu, sigma, colour) {
  const [px, py] = plane.toPx(...plane.at(mu));
  const unit = plane.pxPerUnit, [sx, sy] = plane.at(sigma);
  if (plane.dims[1] < 0) return drawInterval(ctx, px, py, sx * unit, colour);
  const rx = sx * unit, ry = sy * unit;
  // A white halo just outside the ring, of its shape, keeps the mark findable inside a cluster of its own colour.
  marks.ring(ctx, px, py, rx + 4, ry + 4, '#ffffff', false);
  marks.ring(ctx, px, py, rx, ry, '#111827', true);
  marks.dot(ctx, px, py, Math.max(1.5, Math.min(5.5, Math.min(rx, ry) - 2)), colour, '#111827');
}

/**
 * A 1-D latent's posterior: σ is an interval along z₀, not a ring up into the density above the line, so the μ dot
 * sits on the line between whiskers at ±1σ, white-haloed as the ring is.
 */
function drawInterval(ctx, px, py, r, colour) {
  const whiskers = (stroke, width) => {
    ctx.beginPath();
    ctx.moveTo(px - r, py);
    ctx.lineTo(px + r, py);
    for (const x of [px - r, px + r]) {
      ctx.moveTo(x, py - 7);
      ctx.lineTo(x, py + 7);
    }
    ctx.lineWidth = width;
    ctx.strokeStyle = stroke;
    ctx.stroke();
  };
  whiskers('#ffffff', 6);
  whiskers('#111827', 2);
  marks.dot(ctx, px, py, Math.max(1.5, Math.min(5.5, r - 2)), colour, '#111827');
}

/** An autoencoder's code on the plane: a dot, without the ring a posterior would have. */
function drawCode(ctx, plane, mu, sigma, colour) {
  const [px, py] = plane.toPx(...plane.at(mu));
  marks.dot(ctx, px, py, 7, '#ffffff', '#ffffff'); // the halo that keeps it findable among dots of its own colour
  marks.dot(ctx, px, py, 5, colour, '#111827');
}

/** An autoencoder's code framed as a view: a quarter of the full view's width, with its neighbours around it. */
function codeFrame(plane, { mu }) {
  const [cx, cy] = plane.at(mu);
  return { cx, cy, half: plane.extent / 4 };
}

/** "μ = (…)" over the plane's two dimensions, as posteriorText says a posterior, without the σ a code has not got. */
function codeText(plane, mu) {
  const d = mu.length, [x, y] = plane.dims;
  const at = y >= 0 ? `(${plane.at(mu).map(c => fmt(c)).join(', ')})` : fmt(mu[x]);
  const away = plane.inView(...plane.at(mu)) ? '' : ' · outside the plane\'s view: "zoom the plane to it" goes there';
  return `code μ = ${at}${d > 2 ? ` (${zName(x)}, ${zName(y)} of ${d} dimensions)` : ''}${away}`;
}

/**
 * The caption's words for what the plane shows and how to use it: a VAE's posterior means in the prior's units or an
 * autoencoder's codes in their own, the train points' too where they are shown (`trains` of them; only test points
 * are selected); without data points, the space itself, where pointing and drawing still work; on
 * a 1-D latent's line, up is the density drawn over it (dims.js's note says which), not a dimension, or where none is
 * drawn (`dense` false: an autoencoder's codes without points or spread), nothing.
 */
function sayPlane($, { ae, points, trains, line, dense, drawable }) {
  const units = ae ? 'the code\'s own units, as an autoencoder has no prior to measure them by'
    : `standard deviations of the prior N(0, ${line ? 1 : 'I'})`;
  const axes = line ? `across, z in ${units}; up, ${dense ? 'a density, not a dimension' : 'no dimension and no density'}`
    : `${ae ? 'the ' : ''}axes are in ${units}`;
  const what = ae ? 'code μ(x)' : 'posterior mean μ', count = n => n.toLocaleString('en-US');
  $('.plane-what').textContent = !points
    ? `No data points here: the plane is the ${ae ? 'code' : 'latent'} space itself, and what it shows is the`
      + ` decoder's output at each z; ${axes}.`
    : trains
      ? `Each dot is an image's ${what}, coloured by its class: the ${count(points)} test images' on top, the`
        + ` ${count(trains)} train images' smaller and fainter beneath them; ${axes}.`
      : `Each dot is a test image's ${what}, coloured by its class; ${axes}.`;
  const point = line ? 'Point anywhere to decode the z at the pointer\'s place across (its height does not matter)'
    : 'Point anywhere to decode that z';
  $('.plane-how').textContent = points ? `${point}; click a ${trains ? 'test ' : ''}dot to select it.`
    : `${point}, or turn on the decoded grid background to see the whole plane decoded at once`
      + `${drawable ? '; draw on the pad to see where the encoder puts a drawing' : ''}.`;
}

/** The page's words for a 1-D latent's posteriors: a μ dot between ±1σ whiskers on the line, not a ring. */
function sayIntervals($) {
  $('.selection-hint').textContent = 'Click a dot to compare its input with its reconstruction, and to see its'
    + ' posterior: the μ dot between the whiskers of its ±1σ interval on the line.';
  $('.draw-hint').firstChild.textContent = 'Draw on the pad and watch the encoder place it: its posterior appears on'
    + ' the line as a dark μ dot between the whiskers of its ±1σ interval.';
}

/** The page's words for an autoencoder's panels: codes, dots without rings. */
function sayCodes($) {
  $('.selection-hint').textContent = 'Click a dot to compare its input with its reconstruction, and to mark its code'
    + ' on the plane.';
  $('.draw-hint').firstChild.textContent = 'Draw on the pad and watch the encoder place it: its code appears on the'
    + ' plane as a dark dot.';
  $('.drawn-go').setAttribute('aria-label', 'Zoom the plane to the drawing\'s code');
  $('.selection-go').setAttribute('aria-label', 'Zoom the plane to the selected point\'s code');
  $('.peek-more').setAttribute('aria-label', 'Show the selected point\'s code and images');
}

/**
 * μ ± 3σ over the plane's dimensions as a view: the ±1σ ring a third of the plot wide, with room around it for the
 * neighbours.
 */
function posteriorFrame(plane, { mu, sigma }) {
  const [cx, cy] = plane.at(mu);
  return { cx, cy, half: 3 * Math.max(...plane.at(sigma)) };
}

/**
 * "μ = (…) · σ = (…)" over the plane's two dimensions (one number each for a 1-D latent), naming them when there are
 * more, and when μ is out of view or the ring tiny.
 */
function posteriorText(plane, mu, sigma) {
  const d = mu.length, [x, y] = plane.dims;
  const pair = v => (y >= 0 ? `(${plane.at(v).map(c => fmt(c)).join(', ')})` : fmt(v[x]));
  const ring = plane.at(sigma).slice(0, y >= 0 ? 2 : 1);
  const away = !plane.inView(...plane.at(mu))
    ? ' · outside the plane\'s view: "zoom the plane to it" goes there'
    : Math.min(...ring) * plane.pxPerUnit < 4
      ? ` · the ±1σ ${y >= 0 ? 'ring is only a few pixels across' : 'interval is only a few pixels wide'} at this`
        + ' zoom: "zoom the plane to it" frames it' : '';
  return `μ = ${pair(mu)} · σ = ${pair(sigma)}${d > 2 ? ` (${zName(x)}, ${zName(y)} of ${d} dimensions)` : ''}${away}`;
}

// The decoder's images on a regular grid over the view: what each region of the plane "means". Each cell is a
// square of z; an image that is not square sits in the middle of its cell at its own aspect ratio, on white. Thin
// white gutters keep neighbouring glyphs from running together into stripes. Decoded a row at a time, as many rows
// per frame as fit in budgetMs (8 ms): the grid of a 784-pixel model costs ~100 ms of decoding and drawing
// (BENCHMARKS.md), which in one go would freeze the page for six frames; this way it fills in over a dozen frames
// and roaming goes on.
// `view` is the square of z to cover ({cx, cy, half}); `show(canvas)` puts the partial grid up and says whether
// to go on (false once the grid was toggled again or the view moved on); done(canvas) once it is whole.
function drawDecodedGrid(atlas, { cx, cy, half }, budgetMs, show, done) {
  const { h, w } = atlas, n = GRID_CELLS, scale = 4;
  const cell = scale * Math.max(h, w); // canvas pixels per cell, across and up
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = n * cell;
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = '#ffffff';
  const tile = document.createElement('canvas');
  // Where the image goes in its cell: centred, scale canvas pixels per image pixel.
  const x0 = (cell - scale * w) / 2, y0 = (cell - scale * h) / 2;
  let row = 0;
  const drawRow = r => {
    const z = [];
    const y = cy + half - (2 * half * (r + 0.5)) / n;
    for (let c = 0; c < n; c++) z.push(cx - half + (2 * half * (c + 0.5)) / n, y);
    const probs = atlas.decodePlaneBatch(z);
    ctx.fillRect(0, r * cell, canvas.width, cell);
    for (let c = 0; c < n; c++) {
      drawGlyph(tile, probs, h, w, c * h * w);
      ctx.drawImage(tile, c * cell + x0, r * cell + y0, scale * w, scale * h);
    }
  };
  const step = () => {
    // Another row only where one as long as the last still fits the budget: a row takes 5 ms for a 784-256-128-2
    // decoder, and a second row begun at 5 ms of an 8 ms budget made 10, beside the points cache's 8 (a 33 ms frame).
    const start = performance.now();
    let last;
    do {
      const t = performance.now();
      drawRow(row++);
      last = performance.now() - t;
    } while (row < n && performance.now() - start + last < budgetMs);
    // Gutters drawn over the tiles, not between them, so tile k stays centred on its own z.
    for (let k = 0; k <= n; k++) ctx.fillRect(k * cell - 2, 0, 4, row * cell);
    for (let k = 0; k <= row; k++) ctx.fillRect(0, k * cell - 2, canvas.width, 4);
    if (!show(canvas)) return;
    if (row < n) requestAnimationFrame(step);
    else done(canvas);
  };
  step();
}

function swatch(cls) {
  const s = document.createElement('span');
  s.className = 'swatch';
  s.style.background = classColour(cls);
  return s;
}
