// Zoom and pan for a LatentPlane: Ctrl (⌘) + the wheel or a trackpad's pinch zooms about the pointer, and so
// does the plain wheel once the plane has been clicked; two fingers pinch and pan on a touch screen, a mouse
// drags to pan, the keys +, − and 0 work while the plane has focus, and buttons above the plot's right corner zoom
// in, out, and back to the full view. One finger is left to the lens: in Roam it decodes the z under it.

import { onPress, setOff } from './ui.js';

const STEP = 2; // one button press or key: twice as close
/** The narrowest view, as a half-width in z units: well inside the smallest σ an encoder shows in practice. */
export const MIN_HALF = 0.02;
/** The widest view, in full views across: below 1× the plane shows the points the full view leaves out (plane.widest). */
export const MAX_OUT = 8;
const ANIMATE_MS = 280;

export function attachZoom(plane) {
  const canvas = plane.canvas;
  // The keys are the keyboard's only way to zoom: the plane's name says them.
  canvas.setAttribute('aria-label', `${canvas.getAttribute('aria-label')}. Keys + and − zoom, 0 shows the full view`);
  const bar = document.createElement('div');
  bar.className = 'zoom-bar';
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Zoom');
  // Before the canvas in the page, as it is on screen (above the plot): Tab reaches + − 1× first, then the plane.
  plane.host.prepend(bar);
  const button = (text, label, onClick) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.title = label;
    b.setAttribute('aria-label', label);
    onPress(b, onClick);
    bar.append(b);
    return b;
  };
  const centre = () => {
    const { x, y, side } = plane.plot;
    return [x + side / 2, y + side / 2];
  };
  const zoomIn = button('+', 'Zoom in (key +)', () => animateBy(STEP));
  const zoomOut = button('−', 'Zoom out (key −)', () => animateBy(1 / STEP));
  const reset = button('1×', 'Back to the full view (key 0)', () => animateTo({ ...plane.home, half: plane.extent }));
  reset.className = 'zoom-level'; // it shows the zoom, 0.12× to 100×

  // Buttons and keys glide to the new view, so the eye can follow where it went; wheel and fingers are direct.
  let glide = 0, goal = null; // goal: where a glide in progress is going
  const stopGlide = () => { cancelAnimationFrame(glide); goal = null; }; // a hand on the plane takes over
  function animateTo(target) {
    cancelAnimationFrame(glide);
    goal = target;
    const from = plane.view, start = performance.now();
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    const frame = now => {
      const t = still ? 1 : Math.min(1, (now - start) / ANIMATE_MS), s = t * t * (3 - 2 * t);
      // The half-width eases in log scale: each frame zooms by the same factor. The last frame lands on the
      // target itself, not a rounding off it (1× must be the full view, not 0.9999…×).
      plane.setView(t === 1 ? target : { cx: from.cx + (target.cx - from.cx) * s, cy: from.cy + (target.cy - from.cy) * s,
        half: from.half * (target.half / from.half) ** s });
      if (t < 1) glide = requestAnimationFrame(frame);
      else goal = null;
    };
    glide = requestAnimationFrame(frame);
  }
  // About the keyboard's probe while it is in view, else the centre: the probe is what the keys look at. A
  // second press during a glide goes on from where the first was going: two presses, four times as close.
  function animateBy(factor) {
    const probe = plane.keyProbe?.();
    const at = probe && document.activeElement === canvas ? plane.toPx(...probe) : centre();
    const [zx, zy] = plane.toZ(...(plane.inPlot(...at) ? at : centre()));
    const { cx, cy, half } = goal ?? plane.view;
    animateTo({ cx: zx + (cx - zx) / factor, cy: zy + (cy - zy) / factor, half: half / factor });
  }

  // The plain wheel scrolls the page past the plane, as over an embedded map: a page scrolled down with the
  // wheel must not get stuck zooming the plot that passes under the pointer. It zooms with Ctrl or ⌘ (which a
  // trackpad's pinch sends), once the plane has been clicked or focused and the pointer has not left it since,
  // and on a page too short to scroll, where the wheel has nothing else to do.
  let engaged = false;
  canvas.addEventListener('focus', () => { engaged = true; });
  canvas.addEventListener('blur', () => { engaged = false; });
  canvas.addEventListener('pointerleave', () => { engaged = false; });
  const hint = wheelHint(plane.host);
  // On the host, not the canvas: the zoom buttons are over it too.
  plane.host.addEventListener('wheel', ev => {
    const [px, py] = plane.eventPx(ev), zoomKey = ev.ctrlKey || ev.metaKey;
    // Over the axes and the buttons only Ctrl + the wheel is the plane's: left to the browser, it would zoom the
    // whole page under a pointer that is on the plane. The plain wheel scrolls the page there.
    if (!zoomKey && !plane.inPlot(px, py)) return;
    if (!(zoomKey || engaged || !pageScrolls())) {
      hint.show();
      return;
    }
    ev.preventDefault(); // the page must not scroll under a zoom
    hint.hide();
    stopGlide();
    // A mouse notch is ~100 px of deltaY, with Ctrl or without; a trackpad's pinch (ctrlKey) sends a few px an
    // event: each zooms ~1.2× a notch, and a pinch as far as the fingers spread.
    const dy = ev.deltaMode === 1 ? ev.deltaY * 33 : ev.deltaY;
    const pinch = ev.ctrlKey && Math.abs(dy) < 50;
    // Over an axis, about the plot's edge beside the pointer: the tick under it keeps its place.
    const { x, y, side } = plane.plot, within = (v, lo) => Math.min(lo + side, Math.max(lo, v));
    plane.zoomAbout(Math.exp(-dy * (pinch ? 0.01 : 0.002)), within(px, x), within(py, y));
  }, { passive: false });

  canvas.addEventListener('keydown', ev => {
    const factor = { '+': STEP, '=': STEP, '-': 1 / STEP, '_': 1 / STEP }[ev.key];
    if (factor) animateBy(factor);
    else if (ev.key === '0') animateTo({ ...plane.home, half: plane.extent });
    else return;
    ev.preventDefault();
  });

  // Pointers down on the plot: a mouse or pen drags the view, two fingers pinch it. `moved` says the view
  // changed since the press, so the release is not taken for a click on a point.
  const down = new Map();
  let grab = null, moved = false;
  canvas.addEventListener('pointerdown', ev => {
    if (ev.pointerType !== 'touch' && ev.button !== 0) return;
    engaged = true; // already focused, a click does not focus it again
    // A mouse keeps dragging the view when it leaves the plot; a finger is the plane's until it lifts anyway.
    if (ev.pointerType !== 'touch') canvas.setPointerCapture(ev.pointerId);
    stopGlide();
    down.set(ev.pointerId, plane.eventPx(ev));
    moved = false;
    grab = snapshot();
  });
  canvas.addEventListener('pointermove', ev => {
    if (!down.has(ev.pointerId)) return;
    down.set(ev.pointerId, plane.eventPx(ev));
    const touches = [...down.values()];
    if (!grab || (ev.pointerType === 'touch' && touches.length < 2)) return;
    if (touches.length !== grab.n) { grab = snapshot(); return; } // a second finger came or went: start again
    const [mx, my, dist] = spread(touches);
    const half = grab.view.half * (grab.dist && dist ? grab.dist / dist : 1);
    const { side } = plane.plot;
    // The z that was under the fingers' midpoint at the start stays under it.
    const cx = grab.z[0] - ((mx - plane.plot.x) / side - 0.5) * 2 * half;
    const cy = grab.z[1] + ((my - plane.plot.y) / side - 0.5) * 2 * half;
    if (!moved && Math.hypot(mx - grab.mx, my - grab.my) < 4 && Math.abs(half - grab.view.half) < 1e-9) return;
    const before = plane.view;
    plane.setView({ cx, cy, half });
    moved ||= plane.view.cx !== before.cx || plane.view.cy !== before.cy || plane.view.half !== before.half;
  });
  for (const type of ['pointerup', 'pointercancel', 'pointerleave']) {
    canvas.addEventListener(type, ev => {
      down.delete(ev.pointerId);
      grab = down.size ? snapshot() : null;
    });
  }
  // Registered before any lens's listener: a drag that moved the view is not a click on the point below.
  canvas.addEventListener('click', ev => { if (moved) { ev.stopImmediatePropagation(); moved = false; } });

  function snapshot() {
    const touches = [...down.values()];
    if (!touches.length) return null;
    const [mx, my, dist] = spread(touches);
    return { n: touches.length, mx, my, dist, view: plane.view, z: plane.toZ(mx, my) };
  }

  const api = {
    /** Whether two or more fingers are on the plane: the lens should not take them for its own gesture. */
    get pinching() { return down.size > 1; },
    /** Adds a button to the bar (a lens's own zoom, such as to a posterior). */
    button,
    animateTo,
    update() {
      const z = plane.zoom;
      setOff(zoomIn, plane.view.half <= Math.min(MIN_HALF, plane.extent) * 1.0001);
      setOff(zoomOut, plane.view.half >= plane.widest * 0.9999);
      setOff(reset, plane.atFullView); // at 1× but panned towards a mark outside the full view, it centres again
      // Below 1×, two digits: 0.25×, not 0.3×.
      const said = z < 0.995 ? String(Number(z.toPrecision(2))) : z < 9.95 ? z.toFixed(1).replace(/\.0$/, '') : Math.round(z);
      reset.textContent = `${said}×`;
      canvas.dataset.zoom = z.toFixed(3);
    },
    /** The row of buttons, for watching its size. */
    element: bar,
    /** The brief note over the plot: show(text) says how to zoom, or another word about a gesture. */
    hint,
    /** The room the bar takes above the plot: its row of buttons and a gap. */
    get height() { return bar.offsetHeight + 6; },
    /** Puts the bar above the plot's top-right corner, where it covers no data even at 1×. */
    place() {
      const { x, side } = plane.plot;
      bar.style.top = '0';
      bar.style.right = `${plane.size.w - x - side}px`;
      hint.place(plane.plot);
    },
  };
  api.update();
  return api;
}

/** Whether the page is taller than the window: then the wheel is the page's, not the plane's. */
function pageScrolls() {
  const page = document.scrollingElement || document.documentElement;
  return page.scrollHeight > page.clientHeight + 1;
}

/** The key that makes the wheel zoom: ⌘ on a Mac, where Ctrl + click is a right click. */
export const ZOOM_KEY = /Mac|iPhone|iPad/.test(navigator.userAgentData?.platform ?? navigator.platform ?? '') ? '⌘' : 'Ctrl';
const HINT_MS = 1500;

/**
 * The brief note over the plot, shown while a plain wheel scrolls the page past the plane: it says how to zoom,
 * then fades. Not announced: it answers the wheel, which a screen reader's user does not turn here.
 */
function wheelHint(host) {
  const el = document.createElement('p');
  el.className = 'zoom-hint';
  el.setAttribute('aria-hidden', 'true');
  const howToZoom = `${ZOOM_KEY} + scroll to zoom, or click the plane first`;
  host.append(el);
  let timer = 0;
  return {
    show(text = howToZoom) {
      el.textContent = text;
      el.classList.add('shown');
      clearTimeout(timer);
      timer = setTimeout(() => el.classList.remove('shown'), HINT_MS);
    },
    hide() {
      clearTimeout(timer);
      el.classList.remove('shown');
    },
    /** Centres the note on the plot. */
    place({ x, y, side }) {
      el.style.left = `${x + side / 2}px`;
      el.style.top = `${y + side / 2}px`;
      el.style.maxWidth = `${Math.max(120, side - 24)}px`;
    },
  };
}

/** Midpoint and spread of the pointers: one pointer has no spread. */
function spread(points) {
  const mx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const my = points.reduce((s, p) => s + p[1], 0) / points.length;
  const dist = points.length > 1 ? Math.hypot(points[0][0] - points[1][0], points[0][1] - points[1][1]) : 0;
  return [mx, my, dist];
}
