// Loads the model file and the encoded points, then starts the lenses. Everything runs in the page: the
// server only hands over two files.

import { parseSafetensors } from './safetensors.js';
import { Vae } from './vae.js';
import { codeViewFor, extentFor } from './plane.js';
import { BY_KL, BY_VARIANCE, centredNote, codeMean, codeVariance, klPerDimension, PlaneDims } from './dims.js';
import { kernelWidth } from './density.js';
import { renderHeader, parseJson } from './header.js';
import { trainingObjective } from './objective.js';
import { initRoam } from './roam.js';
import { initInterpolate } from './interpolate.js';
import { initGenerate } from './generate.js';

const LENSES = ['roam', 'interpolate', 'generate'];

let markReady, markFailed;
const atlas = {
  ready: new Promise((resolve, reject) => { markReady = resolve; markFailed = reject; }),
  isReady: false,
  error: null,
  model: null,
  points: null,
  metadata: null,
  /**
   * Decodes latent vectors to pixel means. Takes an array of z's (each an array of latentDim numbers) and
   * returns an array of plain number arrays; a single z (a flat array of numbers) gives a single array.
   */
  decode(zs) {
    const single = zs.length > 0 && typeof zs[0] === 'number';
    const list = single ? [zs] : zs;
    const d = atlas.model.latentDim, n = atlas.model.inputDim;
    const flat = new Float32Array(list.length * d);
    list.forEach((z, i) => {
      if (z.length !== d) throw new RangeError(`z ${i} has ${z.length} values, the model's latentDim is ${d}`);
      flat.set(z, i * d);
    });
    const probs = atlas.model.decode(flat, list.length);
    const out = list.map((_, i) => Array.from(probs.subarray(i * n, (i + 1) * n)));
    return single ? out[0] : out;
  },
  /** Encodes images (arrays of inputDim numbers in [0, 1]) to [{mu, logvar}] of plain arrays. */
  encode(xs) {
    return xs.map(x => {
      const { mu, logvar } = atlas.model.encode(Float32Array.from(x), 1);
      return { mu: Array.from(mu), logvar: Array.from(logvar) };
    });
  },
  /** Shows a lens by name: 'roam', 'interpolate' or 'generate'. */
  show(lens) { showLens(lens); },
};
window.atlas = atlas;
// A rejection nobody awaits would log an error; the page shows failures itself.
atlas.ready.catch(() => {});

main().catch(fail);

async function main() {
  // A folder's page opened as a file can fetch nothing (file-check.js says why); a one-page export cut short carries
  // too little (its own check, run at DOMContentLoaded, says so).
  if (!carriedData() && (location.protocol === 'file:' || isOnePage())) return;
  const [modelBytes, pointsDoc] = await loadInputs();
  const file = parseSafetensors(modelBytes);
  const model = Vae.fromSafetensors(file);
  const points = typedPoints(pointsDoc.notFoundAt ? noPoints(model, file.metadata, pointsDoc.notFoundAt) : pointsDoc);
  if (points.latentDim !== model.latentDim) {
    throw new Error(`points.json has latentDim ${points.latentDim} but the model has ${model.latentDim}`);
  }
  const objective = trainingObjective(parseJson(file.metadata['atlas.training']));
  const ctx = context(model, points, objective);
  Object.assign(atlas, { model, points, metadata: file.metadata, objective, dims: ctx.dims });
  renderHeader(model, objective, file.metadata, points);
  // Every image box in the page takes the images' aspect ratio from it (style.css): a 1×16 image is a bar, not a square.
  document.documentElement.style.setProperty('--aspect', String(ctx.w / ctx.h));
  setupTabs();
  const withPoints = points.splits.test.count > 0;
  const lenses = {
    roam: initRoam(document.getElementById('lens-roam'), ctx),
    interpolate: withPoints ? initInterpolate(document.getElementById('lens-interpolate'), ctx)
      : withoutPoints(document.getElementById('lens-interpolate'), objective),
    generate: initGenerate(document.getElementById('lens-generate'), ctx),
  };
  atlas.lenses = lenses;
  showStatus(points, objective);
  document.body.dataset.state = 'ready';
  atlas.isReady = true;
  markReady(atlas);
}

/**
 * The model file and the points: from the server or the folder the page is in, or, in a page that carries its own
 * (atlas export MODEL page.html, which must work from file:// where fetch cannot), from its two data blocks, script
 * elements no browser runs: #atlas-model holds the safetensors bytes in base64, #atlas-points the points document.
 */
async function loadInputs() {
  const carried = carriedData();
  if (carried) {
    const binary = atob(carried.model.textContent);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return [bytes.buffer, pointsDocument(carried.points.textContent, 'the points this page carries are', false)];
  }
  return Promise.all([
    fetchOk('model.safetensors').then(r => r.arrayBuffer()),
    // A site uploaded without its points.json still has its model: the lenses that need no data run, as with none.
    fetchResponse('points.json').then(r => (r.status === 404 ? { notFoundAt: fetchedUrl('points.json') }
      : ok(r, 'points.json').text().then(text => pointsDocument(text, 'points.json is', true)))),
  ]);
}

/**
 * The data blocks of a one-page export, or null for a page that fetches its model and points, or for a one-page export
 * cut short: the blocks come last, then the end mark, so a file that lost its end lacks the mark (or a block).
 */
function carriedData() {
  const model = document.getElementById('atlas-model');
  const points = document.getElementById('atlas-points');
  return model && points && document.getElementById('atlas-end') ? { model, points } : null;
}

/** Whether this page is a one-page export (atlas export MODEL page.html), told by the generator it names. */
function isOnePage() {
  return document.querySelector('meta[name="generator"]')?.content.includes('one page') ?? false;
}

/** The points document of a page whose points.json is not there: the model's data as its file records it, no points. */
function noPoints(model, metadata, url) {
  const recorded = parseJson(metadata['atlas.dataset']) || {};
  const c = model.config;
  return {
    dataset: {
      name: recorded.name, height: c.imageHeight, width: c.imageWidth,
      classNames: Array.isArray(recorded.classNames) ? recorded.classNames : [],
      unavailable: `this page's points.json is not at ${url} (404 Not Found)`,
    },
    latentDim: model.latentDim,
    splits: { test: { count: 0, mu: [], sigma: [], labels: [], pixels: [] } },
  };
}

/**
 * The status line goes once the lenses are up; a server without the model's data keeps it, saying why there are no
 * points and what works without them.
 */
function showStatus(points, objective) {
  const status = document.getElementById('status');
  status.hidden = points.splits.test.count > 0;
  if (status.hidden) return;
  status.className = 'status note';
  status.textContent = `No data points: ${points.dataset?.unavailable || 'the server sent none'}. The decoder`
    + `${objective.autoencoder ? ' and' : ', the prior samples and'} the draw pad work without them.`;
}

/** Interpolation runs between two encoded points: without any, the lens says so instead. */
function withoutPoints(root, objective) {
  const note = document.createElement('p');
  note.className = 'status note no-points';
  note.textContent = 'Interpolation runs between two encoded data points, and this explorer has none (see above).'
    + ` Roam decodes any z on the plane${objective.autoencoder ? '.' : ', and Generate samples the prior.'}`;
  root.replaceChildren(note);
  return { stop() {} };
}

// The parser's own message ("Unexpected token '<'…") names neither the file nor what it should hold.
/** The points document from its text; `what` names it for a message ("points.json is"), `file` whether it is one. */
function pointsDocument(text, what, file) {
  try {
    return JSON.parse(text);
  } catch (e) {
    const start = text.trim().slice(0, 40).replace(/\s+/g, ' ');
    throw new Error(`${what} not JSON: expected the encoded points, an object with dataset, latentDim and`
        + ` splits; got ${start ? `${file ? 'a file' : 'text'} starting '${start}'` : (file ? 'an empty file' : 'nothing')}`);
  }
}

async function fetchOk(url) {
  return ok(await fetchResponse(url), url);
}

function fetchResponse(url) {
  return fetch(url, { cache: 'no-store' });
}

// Named as fetched, resolved against the page: a site under /repo/ (GitHub Pages) fetches /repo/points.json.
function ok(r, url) {
  if (!r.ok) throw new Error(`GET ${fetchedUrl(url)} answered ${[r.status, r.statusText].filter(Boolean).join(' ')}`);
  return r;
}

function fetchedUrl(url) {
  return new URL(url, document.baseURI).href;
}

function fail(error) {
  console.warn('explorer failed to start:', error);
  atlas.error = String(error && error.message || error) || 'unknown error';
  document.body.dataset.state = 'error';
  document.getElementById('model-title').textContent = 'No model loaded';
  const status = document.getElementById('status');
  status.hidden = false;
  status.className = 'status error';
  // After a colon, so a message that starts with a file name (points.json) keeps it as it is spelled.
  status.textContent = `The explorer could not start: ${atlas.error}`;
  markFailed(error);
}

// Columns of plain numbers become typed arrays once, so every lens indexes them cheaply.
function typedPoints(doc) {
  if (!Number.isInteger(doc?.latentDim) || !doc.splits || typeof doc.splits !== 'object') {
    throw new Error('points.json is not the encoded points: expected an object with dataset, latentDim and splits');
  }
  const latentDim = doc.latentDim;
  const splits = {};
  for (const [name, s] of Object.entries(doc.splits)) {
    splits[name] = {
      name, count: s.count, latentDim,
      mu: Float32Array.from(s.mu), sigma: Float32Array.from(s.sigma),
      labels: Int32Array.from(s.labels), pixels: Float32Array.from(s.pixels || []), // train may leave them out
    };
    if (splits[name].mu.length !== s.count * latentDim || splits[name].labels.length !== s.count) {
      throw new Error(`points.json split '${name}' has ${s.mu.length} mu values for ${s.count} points`);
    }
  }
  if (!splits.test) throw new Error('points.json has no test split');
  const imageSize = (doc.dataset?.height ?? 0) * (doc.dataset?.width ?? 0);
  if (splits.test.pixels.length !== splits.test.count * imageSize) {
    throw new Error(`points.json test split has ${splits.test.pixels.length} pixels, not ${splits.test.count} images of ${imageSize}`);
  }
  return { dataset: doc.dataset, latentDim, splits };
}

/**
 * What the lenses share: the model, what it was trained on, the points, the pair of dimensions the planes show, and
 * decoding a point of the plane (the other dimensions at `rest`).
 */
function context(model, points, objective) {
  const d = model.latentDim;
  const { imageHeight: h, imageWidth: w } = model.config;
  const test = points.splits.test;
  // An autoencoder's σ head was never trained: its KL would rank the dimensions by noise.
  const ae = objective.autoencoder;
  // Without points there is nothing to measure either on (the model file records no KL per dimension).
  const score = !test.count ? null : ae ? codeVariance(test) : klPerDimension(test);
  // What a 1-D plane draws above its line: a VAE's q(z) and prior, or an autoencoder's codes spread by kernels.
  const density = { codes: ae, kernel: ae && d === 1 ? kernelWidth(test) : 0 };
  const dims = new PlaneDims(d, score, ae ? BY_VARIANCE : BY_KL, ae && d === 1 && !density.kernel ? test.count : 0);
  // The dimensions off the plane: the prior's mean, 0; an autoencoder's codes have none, and centre elsewhere.
  const rest = ae && test.count ? codeMean(test) : new Float64Array(d); // (latentDim)
  const pad = (pairs, count) => {
    const z = new Float32Array(count * d), [x, y] = dims.pair;
    for (let k = 0; k < count; k++) {
      z.set(rest, k * d);
      z[k * d + x] = pairs[2 * k];
      if (y >= 0) z[k * d + y] = pairs[2 * k + 1];
    }
    return z;
  };
  const views = new Map(); // "x,y" → full view: each lens asks for the same pair, and both sort every μ
  return {
    model, objective, points, h, w, latentDim: d, dims, rest, density,
    /** The full view of a pair of dimensions, {cx, cy, half}: around the prior's centre, or the codes'. */
    viewOf: pair => {
      const key = pair.join();
      if (!views.has(key)) {
        views.set(key, ae ? codeViewFor(test.mu, d, pair) : { cx: 0, cy: 0, half: extentFor(test.mu, d, pair) });
      }
      return views.get(key);
    },
    /** What a plane of a pair of dimensions says over its points, or '': a VAE's all at the prior's centre. */
    noteOf: pair => (ae ? '' : centredNote(test, pair)),
    decodePlane: z2 => model.decode(pad(z2, 1), 1),
    decodePlaneBatch: pairs => model.decode(pad(pairs, pairs.length / 2), pairs.length / 2),
  };
}

function setupTabs() {
  for (const lens of LENSES) {
    document.getElementById(`tab-${lens}`).addEventListener('click', () => showLens(lens, true));
  }
  document.querySelector('[role=tablist]').addEventListener('keydown', ev => {
    // The WAI-ARIA tabs pattern: arrows wrap around, Home and End go to the first and last tab.
    const i = LENSES.findIndex(l => document.getElementById(`tab-${l}`) === document.activeElement);
    const n = LENSES.length;
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: n - 1 }[ev.key];
    if (i < 0 || to === undefined) return;
    ev.preventDefault(); // Home and End would also scroll the page
    const next = LENSES[(to + n) % n];
    showLens(next, true);
    document.getElementById(`tab-${next}`).focus();
  });
  window.addEventListener('hashchange', () => showLens(location.hash.slice(1)));
  showLens(location.hash.slice(1));
}

function showLens(lens, updateHash) {
  if (!LENSES.includes(lens)) lens = LENSES[0];
  for (const l of LENSES) {
    const on = l === lens;
    const tab = document.getElementById(`tab-${l}`);
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(`lens-${l}`).hidden = !on;
  }
  if (lens !== 'interpolate') atlas.lenses?.interpolate.stop();
  if (updateHash && location.hash !== `#${lens}`) history.replaceState(null, '', `#${lens}`);
  document.body.dataset.lens = lens;
}
