// Which two latent dimensions the planes show. A latent space of more than two dimensions is seen through a slice,
// and z₀, z₁ may be the dimensions the encoder hardly uses: by default the planes show the two whose posteriors
// carry the most KL on the test split (an autoencoder's, which has neither posterior nor prior: the two its codes
// vary most in), and a picker offers every other pair.

import { fmt } from './ui.js';

/** "z₆": dimension j counted from 0, as `atlas evaluate` and `atlas plot --dims` count them. */
export function zName(j) {
  return `z${String(j).replace(/\d/g, c => String.fromCharCode(0x2080 + Number(c)))}`;
}

/**
 * How near the prior's centre the test posteriors' means may all lie, in its standard deviations, before the plane
 * says so: at full view (half-width 3.5 or more) a tenth is a few pixels, the dots a blot under the axes' crossing.
 */
const CENTRED = 0.1;

/**
 * A note for a plane whose test points all sit at its centre, or '': how near (the largest |μ| over the dimensions
 * shown, rounded up, so "within" holds) and, where their σ is the prior's too, what that means: q(z | x) is the prior
 * whatever x is, the encoder ignores x there. `pair` is [x, y], y -1 for a 1-D latent.
 */
export function centredNote({ mu, sigma, count, latentDim }, [x, y]) {
  const shown = y >= 0 ? [x, y] : [x];
  let far = 0, sigmaSum = 0;
  for (let i = 0; i < count; i++) {
    for (const j of shown) {
      far = Math.max(far, Math.abs(mu[i * latentDim + j]));
      sigmaSum += sigma[i * latentDim + j];
    }
  }
  if (!count || far >= CENTRED) return '';
  const within = fmt(Math.max(0.01, Math.ceil(far * 100) / 100), 2), meanSigma = sigmaSum / (count * shown.length);
  // Short: on a phone's plane the note must end above the centre it speaks of.
  const where = `All ${count} test μ lie within ${within} of 0 on ${shown.map(zName).join(' and ')}, their σ averaging`
    + ` ${fmt(meanSigma, 2)}`;
  const what = meanSigma > 0.9
    ? ': each q(z | x) ≈ the prior N(0, 1), so the encoder ignores x here (posterior collapse: the KL term won).'
    : ' (the prior spreads ±1).';
  return `${where}${what} Zoom in (+) to see them.`;
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

/** The mean of the codes μ over the points, each dimension's: an autoencoder's centre, where a VAE's prior has 0. (latentDim) */
export function codeMean({ mu, count, latentDim }) {
  const mean = new Float64Array(latentDim);
  for (let i = 0; i < count; i++) for (let j = 0; j < latentDim; j++) mean[j] += mu[i * latentDim + j] / count;
  return mean;
}

/** The variance of each dimension of the codes μ over the points: how much of the code space an autoencoder uses. (latentDim) */
export function codeVariance(points) {
  const { mu, count, latentDim } = points, mean = codeMean(points), square = new Float64Array(latentDim);
  for (let i = 0; i < count; i++) for (let j = 0; j < latentDim; j++) square[j] += mu[i * latentDim + j] ** 2 / count;
  return square.map((s, j) => Math.max(0, s - mean[j] ** 2));
}

/**
 * What ranks a VAE's dimensions, in the words the page says it with; `unmeasured`, what cannot be known without data
 * points (the model file records the KL summed over the dimensions, never each one's).
 */
export const BY_KL = {
  short: 'KL', title: 'each with its KL on the test split in nats', best: 'carrying the most KL,', unit: ' nats',
  these: (a, b) => `carrying ${a} and ${b} nats of KL`, unmeasured: 'the KL each dimension carries',
};

/** What ranks an autoencoder's: its σ head was never trained, so only the codes' own spread says what is used. */
export const BY_VARIANCE = {
  short: 'var', title: 'each with the variance of the test codes along it', best: 'whose codes vary most over the test'
    + ' set, variance', unit: '', these: (a, b) => `where the codes have variance ${a} and ${b}`,
  unmeasured: 'how much the codes vary along each dimension',
};

/**
 * The pair of dimensions on show, shared by the lenses: [x, y], y = -1 for a 1-D latent. Only a latent of more
 * than two dimensions has a choice; a 2-D one is always z₀ across and z₁ up.
 */
export class PlaneDims {
  /**
   * @param score   (latentDim) what ranks the dimensions: KL in nats (klPerDimension), or codeVariance; null where
   *                there are no data points to measure it on, which leaves them in index order, unscored
   * @param measure BY_KL or BY_VARIANCE: what the score is, in words
   * @param still   for a 1-D autoencoder whose test codes do not spread (one, or all equal), how many there are:
   *                they give a kernel no width, and no density is drawn above their line; 0 otherwise
   */
  constructor(latentDim, score, measure = BY_KL, still = 0) {
    this.latentDim = latentDim;
    this.still = still;
    this.score = score;
    this.measure = measure;
    // The highest score across, the next up; a tie goes to the lower index.
    const order = score ? Array.from(score.keys()).sort((a, b) => score[b] - score[a] || a - b)
      : Array.from({ length: latentDim }, (_, j) => j);
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
      // Without data points there are no dots and no q(z): only the prior is drawn above the line.
      if (!this.score) {
        return this.measure === BY_KL
          ? `A 1-D latent: ${zName(0)} runs across; above it, the density of the prior p(z) = N(0, 1) (without data`
            + ' points there is no q(z) to draw beside it).'
          : `A 1-D code: ${zName(0)} runs across; without data points there is no density of codes to draw above it.`;
      }
      if (this.still) {
        const which = this.still === 1 ? 'the one test code lies' : `the ${this.still} test codes all lie at one point`;
        return `A 1-D code: ${which} on ${zName(0)}'s line, with no spread to set the width of a kernel by, so no`
          + ' density of codes is drawn above it (an autoencoder has no posterior to average and no prior to compare).';
      }
      return this.measure === BY_KL
        ? `A 1-D latent: the dots lie on ${zName(0)}'s line; above it, the density of q(z), the test images'`
          + ' posteriors averaged, beside the prior\'s, N(0, 1).'
        : `A 1-D code: the dots lie on ${zName(0)}'s line; above it, the density of the test codes, each spread by a`
          + ' Gaussian kernel (an autoencoder has no posterior to average and no prior to compare).';
    }
    if (!this.choosable) return '';
    const [x, y] = this.pair, value = j => fmt(this.score[j]), m = this.measure;
    const shown = `Showing ${zName(x)} and ${zName(y)} of ${this.latentDim} dimensions`;
    if (!this.score) {
      // Zeros here would rank nothing and read as dimensions the encoder ignores.
      return `${shown}${x === 0 && y === 1 ? ', the first two' : ''}: without data points ${m.unmeasured} cannot be`
        + ` measured, so none is ranked; ${rest}`;
    }
    const best = this.best;
    const why = x === best[0] && y === best[1]
      ? `: the two ${m.best} ${value(x)} and ${value(y)}${m.unit}`
      : `, ${m.these(value(x), value(y))} (the most: ${zName(best[0])} and ${zName(best[1])},`
        + ` ${value(best[0])} and ${value(best[1])})`;
    return `${shown}${why}; ${rest}`;
  }
}

/**
 * A point of the plane over the dimensions `from`, read over the dimensions `to`: the z it stands for (the others at
 * `rest`, the prior's 0 or an autoencoder's mean code) in the new pair's coordinates. A dimension in both pairs keeps
 * its value, so swapping x and y is the same z; one new to the plane takes its `rest`.
 */
export function carryPoint([a, b], from, to, rest = null) {
  const value = j => (j === from[0] ? a : j === from[1] ? b : rest ? rest[j] : 0);
  return [value(to[0]), to[1] >= 0 ? value(to[1]) : 0];
}

/**
 * Fills `host` with the two selects that choose the plane's x and y dimension, each option with its KL (its name alone
 * where none was measured), kept in step with every other picker of the same PlaneDims. Picking for x the dimension on
 * y swaps the two. Hidden where the latent has no choice.
 */
export function dimPicker(host, dims) {
  host.hidden = !dims.choosable;
  if (!dims.choosable) return;
  host.setAttribute('role', 'group');
  host.setAttribute('aria-label', 'Dimensions the plane shows');
  host.title = `The two latent dimensions the plane shows, ${dims.score ? dims.measure.title
    : `in index order: without data points ${dims.measure.unmeasured} cannot be measured`}`;
  const selects = ['x', 'y'].map((axis, k) => {
    const label = document.createElement('label');
    const select = document.createElement('select');
    select.name = `dim-${axis}`;
    select.setAttribute('aria-label', `Dimension along the plane's ${axis} axis`);
    for (let j = 0; j < dims.latentDim; j++) {
      const score = dims.score ? ` · ${dims.measure.short} ${fmt(dims.score[j])}` : '';
      select.append(new Option(`${zName(j)}${score}`, String(j)));
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
