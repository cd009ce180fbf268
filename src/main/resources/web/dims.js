// Which two latent dimensions the planes show. A latent space of more than two dimensions is seen through a slice,
// and z₀, z₁ may be the dimensions the encoder hardly uses: by default the planes show the two whose posteriors
// carry the most KL on the test split, and a picker offers every other pair.

import { fmt } from './ui.js';

/** "z₆": dimension j counted from 0, as `atlas evaluate` and `atlas plot --dims` count them. */
export function zName(j) {
  return `z${String(j).replace(/\d/g, c => String.fromCharCode(0x2080 + Number(c)))}`;
}

/**
 * KL(q(z_j|x) ‖ N(0, 1)) of each dimension j, the mean over the points of ½(μ² + σ² − 1 − log σ²): how many
 * nats the encoder puts into it. (latentDim)
 */
export function klPerDimension({ mu, sigma, count, latentDim }) {
  const kl = new Float64Array(latentDim);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < latentDim; j++) {
      const m = mu[i * latentDim + j], s2 = sigma[i * latentDim + j] ** 2;
      kl[j] += 0.5 * (m * m + s2 - 1 - Math.log(s2));
    }
  }
  return kl.map(v => v / Math.max(count, 1));
}

/**
 * The pair of dimensions on show, shared by the lenses: [x, y], y = -1 for a 1-D latent. Only a latent of more
 * than two dimensions has a choice; a 2-D one is always z₀ across and z₁ up.
 */
export class PlaneDims {
  constructor(latentDim, kl) {
    this.latentDim = latentDim;
    this.kl = kl; // (latentDim) nats per dimension
    // The most KL across, the next up; a tie goes to the lower index.
    const order = Array.from(kl.keys()).sort((a, b) => kl[b] - kl[a] || a - b);
    this.best = latentDim > 2 ? order.slice(0, 2) : [0, latentDim > 1 ? 1 : -1];
    this.pair = [...this.best];
    this.listeners = [];
  }

  get choosable() {
    return this.latentDim > 2;
  }

  /** Shows the pair [x, y] of two different dimensions, telling every listener. */
  set([x, y]) {
    if (x === y || (x === this.pair[0] && y === this.pair[1])) return;
    const previous = this.pair;
    this.pair = [x, y];
    this.listeners.forEach(f => f(this.pair, previous));
  }

  /** Calls f([x, y], previous [x, y]) after each change of the pair. */
  onChange(f) {
    this.listeners.push(f);
  }

  /** "z" for a plane that is the whole latent space, "(z₆, z₅)" for a slice: what a pair of numbers is. */
  get symbol() {
    return this.choosable ? `(${this.pair.map(zName).join(', ')})` : 'z';
  }

  /**
   * A point of the plane ([across, up]) in words: "z = (0.31, −1.20)", "(z₆, z₅) = (…)", or "z = 0.31" for a 1-D
   * latent, whose plane has no z up. `number` writes each value (fmt).
   */
  reading([a, b], number = v => fmt(v)) {
    return `${this.symbol} = ${this.pair[1] >= 0 ? `(${number(a)}, ${number(b)})` : number(a)}`;
  }

  /**
   * What the plane shows of a wider latent, and why these two: "Showing z₆ and z₅ of 10 dimensions: the two carrying
   * the most KL, 1.85 and 1.07 nats; " and then `rest`, what happens to the others. For a 1-D latent, what is up the
   * plane instead of a second dimension; empty for a 2-D one.
   */
  describe(rest) {
    if (this.latentDim === 1) {
      return `A 1-D latent: the dots lie on ${zName(0)}'s line; above it, the density of q(z), the test images'`
        + ' posteriors averaged, beside the prior\'s, N(0, 1).';
    }
    if (!this.choosable) return '';
    const [x, y] = this.pair, nats = j => fmt(this.kl[j]);
    const shown = `Showing ${zName(x)} and ${zName(y)} of ${this.latentDim} dimensions`;
    const best = this.best;
    const why = x === best[0] && y === best[1]
      ? `: the two carrying the most KL, ${nats(x)} and ${nats(y)} nats`
      : `, carrying ${nats(x)} and ${nats(y)} nats of KL (the most: ${zName(best[0])} and ${zName(best[1])},`
        + ` ${nats(best[0])} and ${nats(best[1])})`;
    return `${shown}${why}; ${rest}`;
  }
}

/**
 * A point of the plane over the dimensions `from`, read over the dimensions `to`: the z it stands for (the others at
 * 0) in the new pair's coordinates. A dimension in both pairs keeps its value, so swapping x and y is the same z; one
 * new to the plane is 0.
 */
export function carryPoint([a, b], from, to) {
  const value = j => (j === from[0] ? a : j === from[1] ? b : 0);
  return [value(to[0]), to[1] >= 0 ? value(to[1]) : 0];
}

/**
 * Fills `host` with the two selects that choose the plane's x and y dimension, each option with its KL, kept in step
 * with every other picker of the same PlaneDims. Picking for x the dimension on y swaps the two. Hidden where the
 * latent has no choice.
 */
export function dimPicker(host, dims) {
  host.hidden = !dims.choosable;
  if (!dims.choosable) return;
  host.setAttribute('role', 'group');
  host.setAttribute('aria-label', 'Dimensions the plane shows');
  host.title = 'The two latent dimensions the plane shows, each with its KL on the test split in nats';
  const selects = ['x', 'y'].map((axis, k) => {
    const label = document.createElement('label');
    const select = document.createElement('select');
    select.name = `dim-${axis}`;
    select.setAttribute('aria-label', `Dimension along the plane's ${axis} axis`);
    for (let j = 0; j < dims.latentDim; j++) {
      select.append(new Option(`${zName(j)} · KL ${fmt(dims.kl[j])}`, String(j)));
    }
    select.addEventListener('change', () => {
      const pick = Number(select.value), other = dims.pair[1 - k];
      const pair = [...dims.pair];
      pair[k] = pick;
      if (pick === other) pair[1 - k] = dims.pair[k]; // the same dimension on both axes would be a line: swap
      dims.set(pair);
    });
    label.append(`${axis} `, select);
    host.append(label);
    return select;
  });
  const sync = pair => selects.forEach((s, k) => { s.value = String(pair[k]); });
  dims.onChange(sync);
  sync(dims.pair);
}
