// Small DOM helpers shared by the lenses.

import { classColour } from './palette.js';

/** A number for people: 2 decimals, a real minus sign. */
export function fmt(v, digits = 2) {
  const s = Number(v).toFixed(digits);
  return s.startsWith('-') ? (Number(s) === 0 ? s.slice(1) : `−${s.slice(1)}`) : s;
}

/**
 * Runs action on a press of the button unless it is turned off. Buttons turn off with aria-disabled, not disabled:
 * a disabled button drops the keyboard's focus to the page body when it turns itself off.
 */
export function onPress(button, action) {
  button.addEventListener('click', ev => { if (button.getAttribute('aria-disabled') !== 'true') action(ev); });
}

/** Turns an onPress button off (or on again); it stays focusable, and says it is off. */
export function setOff(button, off) {
  button.setAttribute('aria-disabled', String(off));
}

/**
 * A class name as nodes that wrap only where its words meet (a space; after _ - / or .; a lower-case letter before
 * a capital), never inside a word: each word is a box of its own, ended by an ellipsis where it is wider than its
 * line (CSS .name-part). Whoever shows it puts the whole name in a title.
 */
export function className(name) {
  const nodes = [];
  for (const word of String(name).split(/(\s+)/)) {
    if (/^\s*$/.test(word)) {
      if (word) nodes.push(document.createTextNode(' '));
      continue;
    }
    word.split(/(?<=[_\-/.])(?=.)|(?<=\p{Ll})(?=\p{Lu})/u).forEach((part, k) => {
      if (k) nodes.push(document.createElement('wbr'));
      const span = document.createElement('span');
      span.className = 'name-part';
      span.textContent = part;
      nodes.push(span);
    });
  }
  return nodes;
}

/**
 * A lens plane's legend: the classes' colours, each a button that hides or shows its points on the plane; hidden
 * where there are no data points to colour.
 */
export function planeLegend(ul, plane, { dataset, splits: { test } }) {
  ul.hidden = !test.count;
  // Where the test points are a faded backdrop (Interpolate, Generate), a full-colour swatch matches the wrong dots:
  // 7's black at 0.35 is the grey of 8's swatch. The swatches are faded as the dots are.
  const alpha = plane.layers.find(l => l.labels === test.labels)?.alpha;
  legend(ul, dataset.classNames, test.labels, cls => {
    plane.hiddenClasses.has(cls) ? plane.hiddenClasses.delete(cls) : plane.hiddenClasses.add(cls);
    plane.redrawBase();
  }, alpha);
}

/**
 * Fills a <ul> with one toggle button per class (swatch, name, count); onToggle(classIndex); the swatches at the
 * opacity alpha the class's dots are drawn at, where that is not the default.
 */
function legend(ul, classNames, labels, onToggle, alpha) {
  const counts = new Array(classNames.length).fill(0);
  for (const l of labels) counts[l]++;
  ul.innerHTML = '';
  classNames.forEach((name, cls) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('aria-pressed', 'true');
    // The name first: a long one is cut short on the button (CSS), and this is where it is read in full.
    b.title = `${name}: ${counts[cls]} test points; click to hide or show`;
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = classColour(cls);
    if (alpha !== undefined) sw.style.opacity = String(alpha);
    const label = document.createElement('span');
    label.className = 'legend-name';
    label.textContent = name;
    b.append(sw, label);
    if (onToggle) {
      b.addEventListener('click', () => {
        b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
        onToggle(cls);
      });
    } else {
      b.disabled = true;
    }
    li.append(b);
    ul.append(li);
  });
}
