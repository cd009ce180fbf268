// Interpolate: decode the path between two encoded inputs' means, as a strip and as an animation.

import { LatentPlane, marks } from './plane.js';
import { showGlyph } from './glyph.js';
import { classColour } from './palette.js';
import { mulberry32 } from './rng.js';
import { className, fmt, onPress, planeLegend, setOff } from './ui.js';
import { dimPicker } from './dims.js';

const STEPS = 11; // t = 0, 0.1, ..., 1
const PERIOD_MS = 3200; // one sweep A -> B

/** The point a fraction t along the path from a to b: a straight line, or the great circle (slerp). */
export function interpolate(a, b, t, slerp) {
  const out = new Float32Array(a.length);
  let wa = 1 - t, wb = t;
  if (slerp) {
    let dot = 0, na = 0, nb = 0;
    for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
    const omega = Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb || 1))));
    // Nearly parallel means are where slerp's formula divides by ~0; the straight line is the same path.
    if (Math.sin(omega) > 1e-6) {
      wa = Math.sin((1 - t) * omega) / Math.sin(omega);
      wb = Math.sin(t * omega) / Math.sin(omega);
    }
  }
  for (let i = 0; i < a.length; i++) out[i] = wa * a[i] + wb * b[i];
  return out;
}

// A label's centre 11 px up and right of its dot (r 6 and its 1 px rim), its box about 12 px square: two such labels,
// or a label and the other dot, meet where the dots are less than 24 px apart both across and down; 26 leaves a margin.
const NEAR_PX = 26;

/**
 * Labels the ends [[ax, ay], [bx, by]] (plane pixels): each up and right of its dot, or, where the dots are near
 * enough that A's label and B's would meet (two codes a few pixels apart, or one point in the 2-D view of more),
 * beside its dot at its height on the side away from the other, where neither touches the other label or dot.
 */
function labelEnds(ctx, [[ax, ay], [bx, by]]) {
  if (Math.abs(bx - ax) >= NEAR_PX || Math.abs(by - ay) >= NEAR_PX) {
    marks.label(ctx, ax + 11, ay - 11, 'A');
    marks.label(ctx, bx + 11, by - 11, 'B');
    return;
  }
  const side = bx >= ax ? 1 : -1; // B's side of A; level, B on the right: "A ● B" reads in order
  marks.label(ctx, ax - side * 15, ay, 'A');
  marks.label(ctx, bx + side * 15, by, 'B');
}

export function initInterpolate(root, atlas) {
  const { points, h, w, latentDim: d } = atlas;
  const test = points.splits.test;
  const $ = sel => root.querySelector(sel);
  const plane = new LatentPlane($('.plane'), {
    layers: [{ ...test, radius: 2.2, alpha: 0.55 }], view: atlas.viewOf(atlas.dims.pair), density: atlas.density, dims: atlas.dims.pair,
    label: 'Latent plane: click two points to interpolate between them, or move the probe with the arrow keys'
      + ' and press Enter to pick the point nearest it, A first, then B',
    note: atlas.noteOf,
  });
  planeLegend($('.legend'), plane, points);
  // A 1-D latent's two means are two numbers: no great circle runs between them, and slerp's path is the line.
  if (d === 1) {
    const slerp = $('[name=path][value=slerp]');
    slerp.disabled = true;
    slerp.closest('label').title = 'A 1-D latent has no great circle between two points: slerp is the straight line';
  }
  // probe: the keyboard's position on the plane while it has focus, else null.
  const state = { a: 0, b: 0, slerp: false, t: 0.5, playing: false, nextSlot: 'a', probe: null };
  root.interpolate = state;
  const random = mulberry32(20240611);
  const mu = i => test.mu.subarray(i * d, (i + 1) * d);
  // Both ends at one point: the same dot picked twice, two codes encoded alike, or the test set's only code.
  const oneEnd = () => state.a === state.b || mu(state.a).every((v, i) => v === mu(state.b)[i]);
  const dims = atlas.dims;
  dimPicker($('.dim-picker'), dims);
  // The caption says why slerp is off for a 1-D latent: a title alone is never seen on a phone.
  const slerpOff = d === 1 ? ' Slerp is off: between two numbers its path is the straight line.' : '';
  const dimsNote = () => { $('.dims-note').textContent = dims.describe('the path runs through all of them.') + slerpOff; };
  dimsNote();

  const strip = $('.strip');
  // Thirteen cells abreast (seven on a phone) for square images; as many fewer as the images are wider than tall.
  if (w > 1.5 * h) {
    strip.classList.add('wide-images');
    strip.style.setProperty('--strip-cols', String(Math.max(1, Math.round((13 * h) / w))));
    strip.style.setProperty('--strip-cols-narrow', String(Math.max(1, Math.round((7 * h) / w))));
  }
  const cells = [];
  const addCell = (caption, cls) => {
    const fig = document.createElement('figure');
    fig.className = `strip-cell ${cls || ''}`;
    const c = document.createElement('canvas');
    c.className = 'glyph';
    const cap = document.createElement('figcaption');
    cap.textContent = caption;
    fig.append(c, cap);
    strip.append(fig);
    return fig;
  };
  const inputA = addCell('A', 'endpoint');
  for (let k = 0; k < STEPS; k++) cells.push(addCell(`t=${fmt(k / (STEPS - 1), 1)}`));
  const inputB = addCell('B', 'endpoint');

  plane.overlay = ctx => {
    ctx.beginPath();
    for (let k = 0; k <= 40; k++) {
      const z = interpolate(mu(state.a), mu(state.b), k / 40, state.slerp);
      const [px, py] = plane.toPx(...plane.at(z));
      k ? ctx.lineTo(px, py) : ctx.moveTo(px, py);
    }
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#111827';
    ctx.stroke();
    if (oneEnd()) { // B's label would cover A's, drawn at the same place: one label names both, above the dot
      const [px, py] = plane.toPx(...plane.at(mu(state.a)));
      marks.dot(ctx, px, py, 6, classColour(test.labels[state.a]), '#111827');
      marks.label(ctx, px, py - 16, 'A = B');
    } else { // both dots, then both labels: a label is never under the other end's dot
      const ends = [state.a, state.b].map(i => plane.toPx(...plane.at(mu(i))));
      ends.forEach(([px, py], k) => marks.dot(ctx, px, py, 6, classColour(test.labels[k ? state.b : state.a]), '#111827'));
      labelEnds(ctx, ends);
    }
    const z = interpolate(mu(state.a), mu(state.b), state.t, state.slerp);
    marks.cross(ctx, ...plane.toPx(...plane.at(z)));
    if (state.probe) { // the probe, and a ring on the point Enter would pick
      const [px, py] = plane.toPx(...state.probe);
      marks.cross(ctx, px, py, 8, '#5b6270');
      const i = nearestToProbe();
      if (i >= 0) marks.ring(ctx, ...plane.toPx(...plane.at(mu(i))), 9, 9, '#0072b2', true);
    }
  };
  const nearestToProbe = () => plane.nearest(...plane.toPx(...state.probe), Infinity);

  function renderStrip() {
    const zs = new Float32Array(STEPS * d);
    for (let k = 0; k < STEPS; k++) zs.set(interpolate(mu(state.a), mu(state.b), k / (STEPS - 1), state.slerp), k * d);
    const probs = atlas.model.decode(zs, STEPS);
    cells.forEach((fig, k) => showGlyph(fig.querySelector('canvas'), probs, h, w, k * h * w));
    showGlyph(inputA.querySelector('canvas'), test.pixels, h, w, state.a * h * w);
    showGlyph(inputB.querySelector('canvas'), test.pixels, h, w, state.b * h * w);
    const name = i => String(points.dataset.classNames[test.labels[i]] ?? test.labels[i]);
    for (const [fig, slot, i] of [[inputA, 'A', state.a], [inputB, 'B', state.b]]) {
      const cap = fig.querySelector('figcaption');
      cap.replaceChildren(`${slot} · `, ...className(name(i)));
      cap.title = `${slot} = test #${i}, class ${name(i)}`; // a long name is cut short in the cell; here it is whole
    }
    const pair = $('.pair');
    // No brackets around the names: one left at a line's end when a long name goes to the next reads as a typo.
    pair.replaceChildren(`A = test #${state.a}, class `, ...className(name(state.a)), `; B = test #${state.b}, class `,
      ...className(name(state.b)));
    pair.title = `A = test #${state.a}, class ${name(state.a)}; B = test #${state.b}, class ${name(state.b)}`;
    renderT();
  }

  function renderT() {
    const z = interpolate(mu(state.a), mu(state.b), state.t, state.slerp);
    showGlyph($('.glyph-live'), atlas.model.decode(z, 1), h, w);
    $('.glyph-live').dataset.t = String(state.t);
    $('.tread').textContent = `t = ${fmt(state.t)}`;
    $('[name=t]').value = String(Math.round(state.t * 1000));
    const near = Math.round(state.t * (STEPS - 1));
    cells.forEach((fig, k) => fig.classList.toggle('current', k === near));
    plane.redraw();
  }

  function setPair(a, b) {
    state.a = a;
    state.b = b;
    plane.setReach([a, b].map(i => plane.around(...plane.at(mu(i))))); // an outlier outside the full view
    renderStrip();
    sayEnds();
  }

  // A path from a point to itself decodes one image throughout: the note says why, and what to do instead.
  function sayEnds() {
    const { a, b } = state, note = $('.ends-note'), one = oneEnd() && test.count > 1; // one code: the hint says it
    note.textContent = !one ? ''
      : `A and B are ${a === b ? 'the same point' : 'encoded to one point'}: the path runs from it to itself, one image`
        + ' throughout. Pick another dot, or press Random pair.';
    note.hidden = !one;
  }

  // Of a few random partners from other classes, the farthest: neighbours make a dull morph.
  function randomPair() {
    const n = test.count;
    const a = Math.floor(random() * n);
    let best = -1, bestD = -1;
    for (let tries = 0, found = 0; tries < 1000 && found < 6; tries++) {
      const b = Math.floor(random() * n);
      if (test.labels[b] === test.labels[a]) continue;
      found++;
      let dist = 0;
      for (let i = 0; i < d; i++) dist += (mu(a)[i] - mu(b)[i]) ** 2;
      if (dist > bestD) { bestD = dist; best = b; }
    }
    setPair(a, best >= 0 ? best : (a + 1) % n); // a single-class set: any other point will do
  }

  let raf = 0, last = 0, direction = 1;
  function tick(now) {
    if (!state.playing) return;
    const dt = last ? now - last : 0;
    last = now;
    let t = state.t + (direction * dt) / PERIOD_MS;
    if (t >= 1 || t <= 0) { direction = -direction; t = Math.max(0, Math.min(1, t)); }
    state.t = t;
    renderT();
    raf = requestAnimationFrame(tick);
  }
  function setPlaying(on) {
    state.playing = on;
    const button = $('.play');
    button.textContent = on ? 'Pause' : 'Play';
    button.setAttribute('aria-pressed', String(on));
    cancelAnimationFrame(raf);
    last = 0;
    if (on) raf = requestAnimationFrame(tick);
  }

  const randomButton = $('.random-pair');
  onPress(randomButton, randomPair);
  if (test.count === 1) { // its only pair is the one code with itself, already shown: a press would change nothing
    setOff(randomButton, true);
    randomButton.title = 'The test set has one code: there is no other pair to pick';
    // In place of "click a dot to set A, then another for B", where there is no other dot: what there is to do.
    $('.pick-hint').textContent = 'The test set has one code, so A and B are both it and there is no other dot to pick:'
      + ' the path runs from it to itself, one image throughout. Roam decodes any point of the plane instead.';
  }
  $('.play').addEventListener('click', () => setPlaying(!state.playing));
  $('[name=t]').addEventListener('input', e => { setPlaying(false); state.t = Number(e.target.value) / 1000; renderT(); });
  for (const radio of root.querySelectorAll('[name=path]')) {
    radio.addEventListener('change', () => { state.slerp = radio.value === 'slerp' && radio.checked; renderStrip(); });
  }
  function pick(i) {
    // The same point for both ends would morph into itself: a second click on A keeps waiting for B.
    // The only code: it is A and B already, and the hint says so, not which end the next pick sets.
    if (i < 0 || (state.nextSlot === 'b' && i === state.a) || test.count === 1) return;
    state.nextSlot === 'a' ? setPair(i, state.b) : setPair(state.a, i);
    state.nextSlot = state.nextSlot === 'a' ? 'b' : 'a';
    $('.pick-hint').textContent = `Next pick sets ${state.nextSlot.toUpperCase()}.`;
  }
  plane.canvas.addEventListener('click', ev => pick(plane.nearest(...plane.eventPx(ev), 12)));
  plane.onKeys(() => state.probe ?? [0, 0], z => { state.probe = z; plane.redraw(); }, () => {
    if (!state.probe) state.probe = [0, 0]; // Enter before any arrow: the probe starts at the origin
    pick(nearestToProbe());
  });
  plane.canvas.addEventListener('blur', () => { state.probe = null; plane.redraw(); });

  dims.onChange(pair => {
    plane.setDims(pair, atlas.viewOf(pair));
    dimsNote();
    setPair(state.a, state.b); // the endpoints' reach, in the new dimensions
  });

  randomPair();
  return { plane, setPair, randomPair, setPlaying, state, stop: () => setPlaying(false) };
}
