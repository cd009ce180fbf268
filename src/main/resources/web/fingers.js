// Roam's plane and the fingers on a phone. The plane is most of a phone's screen (86 % of its width): if a finger on it
// always roamed, the page could not be scrolled past it. So, as the plain wheel scrolls the page past the plane until
// it is clicked, a finger scrolls the page past it until it is tapped; the tap also decodes and selects where it
// lands. From then on the plane holds the fingers, and its frame says so, until a touch anywhere outside it
// gives them back to the page. Two fingers zoom it either way.

const TAP_SLOP = 10; // CSS pixels a finger may move and still tap
const HINT = 'Tap the plane to roam it with a finger';

/**
 * Watches the touches (and pens) on a plane. Returns {captured}: whether one finger is the plane's now, to roam it,
 * rather than the page's, to scroll it (the canvas's touch-action, through the host's class 'captured').
 */
export function fingerCapture(plane) {
  const { host, canvas } = plane;
  let captured = false;
  // The gesture in progress: where each pointer came down, the most down at once, whether one moved past a tap's
  // slop, and whether the browser took it for a scroll (pointercancel).
  const starts = new Map();
  let most = 0, moved = false, scrolled = false;
  const capture = on => {
    if (on === captured) return;
    captured = on;
    host.classList.toggle('captured', on);
    if (on) plane.zoomBar.hint.hide();
    plane.redrawBase(); // the plot's frame in the accent colour while it holds the fingers
  };
  canvas.addEventListener('pointerdown', ev => {
    if (ev.pointerType === 'mouse') return;
    if (!starts.size) { most = 0; moved = false; scrolled = false; }
    starts.set(ev.pointerId, [ev.clientX, ev.clientY]);
    most = Math.max(most, starts.size);
  });
  canvas.addEventListener('pointermove', ev => {
    const [x, y] = starts.get(ev.pointerId) ?? [ev.clientX, ev.clientY];
    moved ||= Math.hypot(ev.clientX - x, ev.clientY - y) > TAP_SLOP;
  });
  const end = ev => {
    if (!starts.delete(ev.pointerId) || starts.size) return;
    // A tap, or a pinch the browser left to the plane, hands it the fingers; a scroll that began on it says how.
    if (!scrolled && (!moved || most > 1)) capture(true);
    else if (scrolled && !captured) plane.zoomBar.hint.show(HINT);
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', ev => { scrolled = true; end(ev); });
  // Registered on the whole page, before its own listeners: a touch outside the plane is the page's again.
  document.addEventListener('pointerdown', ev => { if (!host.contains(ev.target)) capture(false); }, true);
  return {
    get captured() { return captured; },
  };
}
