// Generate: draw z from the prior N(0, I) with a visible seed, decode each draw, and show where the draws
// landed among the encoded data (a sample far from every point is one the decoder never learned to draw). An
// autoencoder has no prior: it gets draws from a Gaussian fitted to its test codes, and the page says so.

import { LatentPlane, marks } from './plane.js';
import { atDevicePixels, drawGlyphGrid, onRoomChange } from './glyph.js';
import { gaussian, mulberry32 } from './rng.js';
import { fmt, planeLegend } from './ui.js';
import { zName } from './dims.js';

const COUNT = 64; // samples drawn

const MAX_SEED = 0xffffffff; // the generator (mulberry32) takes 32-bit seeds

export function initGenerate(root, atlas) {
  const { points, h, w, latentDim: d } = atlas;
  const $ = sel => root.querySelector(sel);
  const test = points.splits.test;
  // z = m + τ·L·ε: the prior N(0, I), or for an autoencoder N(m, LLᵀ) fitted to its codes (null without any).
  const ae = atlas.objective.autoencoder;
  const source = ae ? fittedGaussian(test) : { mean: new Float64Array(d), chol: null };
  if (!source) return withoutCodes(root);
  // What the samples are drawn from: above τ = 1 wider than the prior (or the fitted Gaussian), below it narrower.
  const sourceName = ae ? 'a Gaussian fitted to the codes' : 'the prior';
  const sayHead = () => {
    const tempered = state.temperature === 1 ? '' : `, tempered to τ = ${fmt(state.temperature)}`;
    $('.samples-head').textContent = `Samples from ${sourceName}${tempered}`;
  };
  const plane = new LatentPlane($('.plane'), {
    layers: [{ ...points.splits.test, radius: 2, alpha: 0.35 }], view: atlas.viewOf(atlas.dims.pair), density: atlas.density,
    dims: atlas.dims.pair,
    label: `Latent plane: the drawn samples marked${test.count ? ' over the encoded test set' : ''}`, note: atlas.noteOf,
  });
  planeLegend($('.legend'), plane, points);
  // hover: the sample outlined and marked on the plane; pinned: the one a click, tap or Enter keeps marked.
  const state = { seed: 1, temperature: 1, z: new Float32Array(0), hover: -1, pinned: -1 };
  root.generate = state;
  // 8 by 8 square images; wide ones in fewer columns and tall ones in fewer rows, so the grid stays about square.
  const { cols, rows } = gridShape(COUNT, h, w);
  $('.samples').setAttribute('aria-label', `Grid of ${cols} by ${rows} decoded samples: the arrow keys move through`
      + ' them and mark each on the plane; Enter keeps one marked');

  plane.overlay = ctx => {
    for (let k = 0; k < COUNT; k++) {
      const [px, py] = plane.toPx(...plane.at(state.z, k * d));
      if (k !== state.hover) marks.cross(ctx, px, py, 4, '#111827');
    }
    if (state.hover >= 0) {
      const [px, py] = plane.toPx(...plane.at(state.z, state.hover * d));
      marks.ring(ctx, px, py, 9, 9, '#D55E00', false);
      marks.cross(ctx, px, py, 6, '#D55E00');
    }
  };

  function sample() {
    const normal = gaussian(mulberry32(state.seed));
    const z = new Float32Array(COUNT * d), eps = new Float64Array(d);
    for (let k = 0; k < COUNT; k++) {
      for (let j = 0; j < d; j++) eps[j] = state.temperature * normal();
      z.set(transform(source, eps), k * d);
    }
    state.z = z;
    // At τ = 2 a good part of the draws land outside the full view: a pan, or the cue's button, brings them in.
    reachSamples();
    state.probs = atlas.model.decode(z, COUNT); // (COUNT, h*w)
    paintGrid();
    $('[name=seed]').value = String(state.seed);
    $('.samples').dataset.seed = String(state.seed);
    const tau = state.temperature === 1 ? '' : `${fmt(state.temperature ** 2)}·`;
    // One dimension's prior is N(0, 1), as Roam says it, not N(0, I); tempered, its variance τ² alone.
    const prior = d > 1 ? `${tau}I` : state.temperature === 1 ? '1' : fmt(state.temperature ** 2);
    sayHead();
    $('.sample-note').textContent = source.still ? stillNote(test.count)
      : source.chol ? `An autoencoder has no prior to sample: these are ${COUNT} draws z ~ N(m, ${tau}S), with the mean m and`
        + ` covariance S of the ${test.count} test codes, seed ${state.seed}, each decoded to its pixel means. That`
        + ' Gaussian is a stand-in fitted here, not part of the model; where it covers gaps between the codes the decoder'
        + ' never learned to draw.'
      : `${COUNT} draws z ~ N(0, ${prior}), seed ${state.seed}, each decoded to its pixel means.`;
    plane.redraw();
  }

  // The grid is drawn at the size it is shown, in device pixels, each image pixel a whole number of them: scaled by
  // CSS by a fractional factor, pixels and gutters would come out unevenly wide.
  const wrap = $('.samples-wrap'), grid = $('.samples');
  const measure = () => {
    const dpr = window.devicePixelRatio || 1;
    return { dpr, room: Math.floor(wrap.clientWidth * dpr) };
  };
  function paintGrid() {
    const { dpr, room } = measure();
    // A hidden tab has no room to measure: its grid is drawn again once it is shown (onRoomChange below).
    const { scale, gap } = room > 0 ? fitGrid(room, cols, rows, h, w, dpr) : { scale: 1, gap: 1 };
    state.tile = { ...drawGlyphGrid(grid, state.probs, COUNT, h, w, cols, { scale, gap }), dpr, room };
    // Where not even one device pixel per image pixel fits, CSS shrinks the grid to the room instead.
    atDevicePixels(grid, dpr, grid.width <= Math.max(room, 1));
    if (state.hover >= 0) setHover(state.hover); // its outline is placed by the grid's pixels
  }
  // A new width, the tab shown, or a new devicePixelRatio (a browser zoom, a move to another screen); the wrap gives
  // the room, as the frame around the grid is only as large as the grid.
  onRoomChange(grid, () => {
    const { dpr, room } = measure();
    if (room !== state.tile.room || dpr !== state.tile.dpr) paintGrid();
  }, wrap);

  function reachSamples() {
    plane.setReach(Array.from({ length: COUNT }, (_, k) => plane.around(...plane.at(state.z, k * d))));
  }
  // Where sample k lies on the plane, in words: "z = (0.31, −1.20)", or "(z₆, z₅) = (…)" for a slice of more.
  const whereIs = k => atlas.dims.reading(plane.at(state.z, k * d));

  $('.resample').addEventListener('click', () => { state.seed = (state.seed + 1) >>> 0; sample(); });
  $('[name=seed]').addEventListener('change', e => {
    // Only a whole number the generator takes as it is: -5 or 1e3 must not quietly become another seed.
    const text = e.target.value.trim();
    if (/^\d{1,10}$/.test(text) && Number(text) <= MAX_SEED) {
      state.seed = Number(text);
      sample();
      return;
    }
    // The box keeps what was typed (resetting it would fight the typing): the note says what counts.
    $('.sample-note').textContent = `The seed must be a whole number from 0 to ${MAX_SEED}, got '${text}'; the`
        + ` samples are still those of seed ${state.seed}.`;
    root.dataset.seedRefused = text;
  });
  $('[name=temperature]').addEventListener('input', e => {
    state.temperature = Number(e.target.value) / 100;
    $('.temperature-read').textContent = `τ = ${fmt(state.temperature)}`;
    sample();
  });
  const cellAt = ev => {
    const r = grid.getBoundingClientRect();
    const col = Math.floor(((ev.clientX - r.left) / r.width) * cols);
    const row = Math.floor(((ev.clientY - r.top) / r.height) * rows);
    return col >= 0 && col < cols && row >= 0 && row < rows ? row * cols + col : -1;
  };
  grid.addEventListener('pointermove', ev => {
    const k = cellAt(ev);
    if (k !== state.hover) setHover(k);
  });
  // A finger has no hover (pointerleave follows the tap at once): the tap's click pins the sample instead.
  grid.addEventListener('pointerleave', () => setHover(state.pinned));
  grid.addEventListener('click', ev => togglePin(cellAt(ev)));
  grid.addEventListener('focus', () => { if (state.hover < 0) setHover(Math.max(0, state.pinned)); });
  grid.addEventListener('blur', () => setHover(state.pinned));
  grid.addEventListener('keydown', ev => {
    const k = Math.max(0, state.hover), col = k % cols;
    const next = {
      ArrowLeft: col > 0 ? k - 1 : k, ArrowRight: col < cols - 1 ? k + 1 : k,
      ArrowUp: k >= cols ? k - cols : k, ArrowDown: k < cols * (rows - 1) ? k + cols : k,
      Home: 0, End: COUNT - 1,
    }[ev.key];
    if (ev.key === 'Enter' || ev.key === ' ') togglePin(k);
    else if (next !== undefined) setHover(next);
    else return;
    ev.preventDefault(); // the arrows and Space would scroll the page
  });

  function togglePin(k) {
    if (k < 0) return;
    state.pinned = state.pinned === k ? -1 : k;
    setHover(k);
  }

  // Outlines the hovered sample in the grid, in percentages of the canvas so it follows any CSS size, and
  // says which it is for a screen reader.
  function setHover(k) {
    state.hover = k;
    const focus = $('.sample-focus');
    focus.hidden = k < 0;
    if (k >= 0) {
      const { cellWidth: cw, cellHeight: ch, gap } = state.tile, c = $('.samples');
      const col = k % cols, row = Math.floor(k / cols);
      Object.assign(focus.style, {
        left: `${(100 * col * (cw + gap)) / c.width}%`, top: `${(100 * row * (ch + gap)) / c.height}%`,
        width: `${(100 * cw) / c.width}%`, height: `${(100 * ch) / c.height}%`,
      });
      $('.sample-live').textContent = `Sample ${k + 1} of ${COUNT}, row ${row + 1}, column ${col + 1}, at `
        + `${whereIs(k)}${state.pinned === k ? ', marked' : ''}`;
    }
    const p = state.pinned;
    $('.sample-cue-text').textContent = p < 0 ? 'Tap a sample to mark it on the plane below.'
      : `Sample ${p + 1} is marked on the plane below, at ${whereIs(p)}.`;
    $('.sample-cue-go').hidden = p < 0;
    plane.redraw();
  }
  // The cue's button brings the plane (and the mark, inside its view) up; it does not scroll by itself, which
  // would pull the grid away from a finger still tapping samples.
  $('.sample-cue-go').addEventListener('click', () => {
    const p = state.pinned;
    if (p >= 0) plane.reveal(plane.at(state.z, p * d));
    plane.canvas.scrollIntoView({ behavior: 'smooth', block: 'center' });
  });

  // The planes show one pair of dimensions, chosen on Roam or Interpolate: the crosses follow it.
  // (The caption's first sentence is its first text node: a 2-D model's page stays as it was, not a span apart.)
  // Without data points there is no test set to draw over, no q(z) and no Interpolate: the caption says what is drawn.
  const crossDims = () => {
    const first = $('.plane-card .caption').firstChild, some = test.count > 0;
    if (d === 1 && ae) { // with codes: without any, this lens says so instead (withoutCodes)
      first.textContent = atlas.density.kernel ? 'Crosses are the draws, on the line of the encoded test codes (a 1-D'
        + ' code): the density above it is the codes\', each spread by a Gaussian kernel. '
        : `Crosses are the draws, on the line of the encoded test ${test.count === 1 ? 'code, the only one'
          : 'codes, all at one point'} (a 1-D code): with no spread, no density is drawn above it. `;
    } else if (d === 1) {
      first.textContent = some ? 'Crosses are the draws, on the line of the encoded test set (a 1-D latent): the'
        + ' density above it is the test posteriors averaged. '
        : `Crosses are the draws, on ${zName(0)}'s line (a 1-D latent): the curve above it is the prior p(z) = N(0, 1)`
          + ' they are drawn from. ';
    } else if (atlas.dims.choosable) {
      first.textContent = `Crosses are the draws' ${atlas.dims.pair.map(zName).join(' and ')}${some
        ? ' over the encoded test set, the dimensions chosen on the Roam and Interpolate planes. '
        : ', the dimensions chosen on the Roam plane (no data points here). '}`;
    } else if (!some) {
      first.textContent = 'Crosses are the draws (no data points here). ';
    }
  };
  atlas.dims.onChange(pair => {
    plane.setDims(pair, atlas.viewOf(pair));
    reachSamples();
    crossDims();
    setHover(state.hover);
  });
  crossDims();

  sample();
  return { plane, sample, state };
}

/**
 * The Gaussian of the codes μ of `split` ({mean (d), chol (d, d) row-major lower triangle of the covariance}), for
 * an autoencoder that has no prior; null for a split without points. A dimension the codes do not vary in gets a
 * little variance, so the factor exists; codes that vary in none (one code, or all equal) have no covariance to fit
 * at all: a zero factor then draws the code itself, and `still` says so.
 */
function fittedGaussian({ mu, count, latentDim: d }) {
  if (!count) return null;
  const mean = new Float64Array(d), cov = new Float64Array(d * d);
  if (mu.every((m, k) => m === mu[k % d])) return { mean: Float64Array.from(mu.subarray(0, d)), chol: cov, still: true };
  for (let i = 0; i < count; i++) for (let j = 0; j < d; j++) mean[j] += mu[i * d + j] / count;
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < d; a++) {
      const da = mu[i * d + a] - mean[a];
      for (let b = 0; b <= a; b++) cov[a * d + b] += (da * (mu[i * d + b] - mean[b])) / count;
    }
  }
  const jitter = 1e-9 + 1e-6 * Math.max(...Array.from({ length: d }, (_, j) => cov[j * d + j]));
  const chol = new Float64Array(d * d); // Cholesky–Banachiewicz, row by row
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      let sum = cov[a * d + b] + (a === b ? jitter : 0);
      for (let k = 0; k < b; k++) sum -= chol[a * d + k] * chol[b * d + k];
      chol[a * d + b] = a === b ? Math.sqrt(Math.max(sum, jitter)) : sum / chol[b * d + b];
    }
  }
  return { mean, chol };
}

/** m + L·ε, or m + ε where the source has no factor (the prior). (d) */
function transform({ mean, chol }, eps) {
  const d = mean.length, z = new Float32Array(d);
  for (let a = 0; a < d; a++) {
    let v = mean[a];
    if (chol) for (let b = 0; b <= a; b++) v += chol[a * d + b] * eps[b];
    else v += eps[a];
    z[a] = v;
  }
  return z;
}

/** Why all the draws of an autoencoder whose `count` test codes do not spread are one image. */
function stillNote(count) {
  const codes = count === 1 ? 'its one test code has' : `its ${count} test codes, all equal, have`;
  return `An autoencoder has no prior to sample, and ${codes} no spread to fit a Gaussian's covariance to: all ${COUNT}`
    + ` draws are ${count === 1 ? 'that code' : 'their one value'}, decoded to its pixel means, whatever the seed or τ.`;
}

/** An autoencoder served without data points: there is no prior, and no codes to fit one to. */
function withoutCodes(root) {
  const note = document.createElement('p');
  note.className = 'status note no-points';
  note.textContent = 'An autoencoder has no prior to sample, and without data points there are no codes to fit a'
    + ' Gaussian to. Roam decodes any z on the plane.';
  root.replaceChildren(note);
  return { stop() {} };
}

/**
 * Columns and rows for count images of h×w: the divisor of count that makes the whole grid nearest a square, so
 * 64 square images are 8 by 8 and 64 images of 1×16 are 2 by 32.
 */
function gridShape(count, h, w) {
  let best = { cols: count, rows: 1 }, bestSkew = Infinity;
  for (let cols = 1; cols <= count; cols++) {
    if (count % cols) continue;
    const rows = count / cols, skew = Math.abs(Math.log((cols * w) / (rows * h)));
    if (skew < bestSkew - 1e-9) { best = { cols, rows }; bestSkew = skew; }
  }
  return best;
}

/**
 * Device pixels per image pixel (scale) and per gutter (gap) for cols × rows images of h×w in a square of `room`
 * device pixels: the largest whole scale that fits, then the widest gutter from 3 CSS pixels down to 1 that keeps it.
 * At least 1 device pixel per image pixel, where even that does not fit (then CSS shrinks the grid to the room).
 */
function fitGrid(room, cols, rows, h, w, dpr) {
  let best = { scale: 0, gap: 1 };
  for (let gap = Math.max(1, Math.round(3 * dpr)); gap >= Math.max(1, Math.round(dpr)); gap--) {
    const scale = Math.floor(Math.min((room - (cols - 1) * gap) / (cols * w), (room - (rows - 1) * gap) / (rows * h)));
    if (scale > best.scale) best = { scale, gap };
  }
  return { scale: Math.max(1, best.scale), gap: best.gap };
}
