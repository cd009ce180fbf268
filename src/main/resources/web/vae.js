// The VAE's forward passes in the page, from the tensors of a model file.
// Layout as PyTorch: encoder.0, encoder.2, ... then the mu and logvar heads; decoder.0, decoder.2, ... whose
// last layer gives the likelihood's outputs (logits, or means for a Gaussian). Weights are (out, in) row-major,
// as nn.Linear stores them. Hidden layers apply the configured activation, as Java's Activation does.
// Numbers: weights and activations are float32 (Float32Array) like the Java model; each dot product is summed
// in float64 and rounded once, which lands within a few ulps of Java's float fma accumulation.

export class ModelError extends Error {
  constructor(message) {
    super(`model does not fit its description: ${message}`);
    this.name = 'ModelError';
  }
}

class Linear {
  // w (out, in), b (out)
  constructor(name, w, b, inDim, outDim) {
    Object.assign(this, { name, w, b, inDim, outDim });
  }

  // x (batch, in) -> y (batch, out); the activation f applied when given
  forward(x, batch, f) {
    const y = new Float32Array(batch * this.outDim);
    for (let r = 0; r < batch; r++) this.row(x, r, f, y);
    return y;
  }

  // Row r of y, four outputs at a time: they share each input's load, and their four sums run side by side
  // instead of each add waiting on the one before (about twice as fast in V8 as one output at a time). Each
  // output is still one float64 sum from i = 0 up, so the numbers are the same either way.
  row(x, r, f, y) {
    const { w, b, inDim, outDim } = this;
    const xo = r * inDim, yo = r * outDim;
    const put = (o, s) => {
      const v = s + b[o];
      y[yo + o] = f ? f(Math.fround(v)) : v;
    };
    let o = 0;
    for (; o + 4 <= outDim; o += 4) {
      const w0 = o * inDim, w1 = w0 + inDim, w2 = w1 + inDim, w3 = w2 + inDim;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < inDim; i++) {
        const xi = x[xo + i];
        s0 += w[w0 + i] * xi;
        s1 += w[w1 + i] * xi;
        s2 += w[w2 + i] * xi;
        s3 += w[w3 + i] * xi;
      }
      put(o, s0);
      put(o + 1, s1);
      put(o + 2, s2);
      put(o + 3, s3);
    }
    for (; o < outDim; o++) {
      const wo = o * inDim;
      let s = 0;
      for (let i = 0; i < inDim; i++) s += w[wo + i] * x[xo + i];
      put(o, s);
    }
  }
}

// The hidden nonlinearities of model/Activation.java, evaluated in float64 from the float32 pre-activation and
// rounded once on store, as Java does. gelu is the tanh approximation (PyTorch GELU(approximate='tanh')).
const GELU_C = Math.sqrt(2 / Math.PI);
const ACTIVATIONS = {
  relu: v => (v < 0 ? 0 : v),
  tanh: v => Math.tanh(v),
  silu: v => v / (1 + Math.exp(-v)),
  gelu: v => 0.5 * v * (1 + Math.tanh(GELU_C * (v + 0.044715 * v * v * v))),
};

export class Vae {
  /** @param config {inputDim, imageHeight, imageWidth, encoderHidden, latentDim, decoderHidden, likelihood, activation} */
  constructor(config, tensors) {
    this.config = checkConfig(config);
    this.likelihood = parseLikelihood(this.config.likelihood);
    const layer = (name, inDim, outDim) => linear(tensors, name, inDim, outDim);
    const c = this.config;
    this.encoder = chain(c.inputDim, c.encoderHidden, (i, a, b) => layer(`encoder.${2 * i}`, a, b));
    const hLast = c.encoderHidden.length ? c.encoderHidden[c.encoderHidden.length - 1] : c.inputDim;
    this.muHead = layer('mu', hLast, c.latentDim);
    this.logvarHead = layer('logvar', hLast, c.latentDim);
    this.decoder = chain(c.latentDim, [...c.decoderHidden, c.inputDim], (i, a, b) => layer(`decoder.${2 * i}`, a, b));
    this.parameterCount = Object.values(tensors).reduce((n, t) => n + t.data.length, 0);
  }

  /** Builds from a parsed file: the config comes from atlas.model, or is inferred from the tensor shapes. */
  static fromSafetensors({ metadata, tensors }) {
    let config;
    if (metadata['atlas.model']) {
      try {
        config = JSON.parse(metadata['atlas.model']);
      } catch (e) {
        throw new ModelError(`atlas.model is not JSON (${e.message})`);
      }
    } else {
      config = inferConfig(tensors);
    }
    return new Vae(config, tensors);
  }

  get latentDim() { return this.config.latentDim; }
  get inputDim() { return this.config.inputDim; }

  /** z (batch, latentDim) -> decoder outputs (batch, inputDim): logits, or means for a Gaussian */
  decodeLogits(z, batch = z.length / this.latentDim) {
    checkBatch(z, batch, this.latentDim, 'z');
    let h = z;
    const f = ACTIVATIONS[this.config.activation];
    this.decoder.forEach((l, i) => { h = l.forward(h, batch, i < this.decoder.length - 1 ? f : null); });
    return h;
  }

  /** z (batch, latentDim) -> pixel means E[x|z] in [0, 1] (batch, inputDim), e.g. sigmoid(logits) */
  decode(z, batch = z.length / this.latentDim) {
    const out = this.decodeLogits(z, batch);
    const mean = this.likelihood.mean;
    for (let i = 0; i < out.length; i++) out[i] = mean(out[i]);
    return out;
  }

  /** x (batch, inputDim) -> {mu, logvar} each (batch, latentDim) */
  encode(x, batch = x.length / this.inputDim) {
    checkBatch(x, batch, this.inputDim, 'x');
    let h = x instanceof Float32Array ? x : Float32Array.from(x);
    const f = ACTIVATIONS[this.config.activation];
    for (const l of this.encoder) h = l.forward(h, batch, f);
    return { mu: this.muHead.forward(h, batch, null), logvar: this.logvarHead.forward(h, batch, null) };
  }

  /** "64–32–16–[2]–16–32–64" */
  describe() {
    const c = this.config;
    return [c.inputDim, ...c.encoderHidden, `[${c.latentDim}]`, ...c.decoderHidden, c.inputDim].join('–');
  }
}

function chain(inDim, widths, make) {
  let a = inDim;
  return widths.map((b, i) => { const l = make(i, a, b); a = b; return l; });
}

function linear(tensors, name, inDim, outDim) {
  const w = tensors[`${name}.weight`], b = tensors[`${name}.bias`];
  if (!w || !b) throw new ModelError(`tensor ${name}.${w ? 'bias' : 'weight'} is missing`);
  if (w.shape.length !== 2 || w.shape[0] !== outDim || w.shape[1] !== inDim) {
    throw new ModelError(`${name}.weight has shape [${w.shape}], expected [${outDim},${inDim}]`);
  }
  if (b.shape.length !== 1 || b.shape[0] !== outDim) {
    throw new ModelError(`${name}.bias has shape [${b.shape}], expected [${outDim}]`);
  }
  return new Linear(name, w.data, b.data, inDim, outDim);
}

function checkConfig(c) {
  const positive = v => Number.isSafeInteger(v) && v > 0;
  if (!c || !positive(c.inputDim) || !positive(c.latentDim)) throw new ModelError(`bad config ${JSON.stringify(c)}`);
  const out = { ...c };
  out.encoderHidden = c.encoderHidden || [];
  out.decoderHidden = c.decoderHidden || [];
  if (![...out.encoderHidden, ...out.decoderHidden].every(positive)) {
    throw new ModelError(`hidden sizes must be positive integers, got ${JSON.stringify(c)}`);
  }
  if (!positive(out.imageHeight) || !positive(out.imageWidth)) {
    const side = Math.round(Math.sqrt(out.inputDim));
    [out.imageHeight, out.imageWidth] = side * side === out.inputDim ? [side, side] : [1, out.inputDim];
  }
  if (out.imageHeight * out.imageWidth !== out.inputDim) {
    throw new ModelError(`image ${out.imageHeight}x${out.imageWidth} does not have inputDim ${out.inputDim} pixels`);
  }
  out.likelihood = c.likelihood || 'bernoulli';
  out.activation = c.activation || 'relu';
  if (!ACTIVATIONS[out.activation]) throw new ModelError(`activation '${out.activation}' is not supported here`);
  return out;
}

const sigmoid = l => 1 / (1 + Math.exp(-l));

/**
 * The observation model named in the config, as the Java Likelihood.parse reads it: its display name, the
 * mean E[x|z] of one decoder output (a logit, or for the Gaussian the mean itself), and whether it is a
 * density on [0, 1] (its nats can be negative) rather than a probability of discrete pixel values.
 */
function parseLikelihood(spec) {
  const s = String(spec).trim().toLowerCase();
  let m;
  if (s === 'bernoulli') return { spec: s, name: 'Bernoulli', mean: sigmoid };
  // Spaces inside the parentheses as the Java parser takes them ("binomial( 16 )").
  if ((m = /^binomial\(\s*(\d+)\s*\)$/.exec(s))) return { spec: s, name: `Binomial(${m[1]})`, mean: sigmoid };
  if (s === 'gaussian(learned)' || s === 'gaussian(learned-pixel)') {
    // σ is a tensor of the file (likelihood.logsigma); the mean, all the explorer draws, is the output itself.
    const which = s === 'gaussian(learned)' ? 'learned σ' : 'learned per-pixel σ';
    return { spec: s, name: `Gaussian (${which})`, mean: v => Math.min(1, Math.max(0, v)), density: true };
  }
  if ((m = /^gaussian\(([^)]+)\)$/.exec(s)) && Number(m[1]) > 0) {
    return { spec: s, name: `Gaussian(σ=${Number(m[1])})`, mean: v => Math.min(1, Math.max(0, v)), density: true };
  }
  if (s === 'continuous-bernoulli') {
    return { spec: s, name: 'Continuous Bernoulli', mean: continuousBernoulliMean, density: true };
  }
  throw new ModelError(`unknown likelihood '${spec}': expected bernoulli, binomial(N), gaussian(SIGMA), gaussian(learned), gaussian(learned-pixel) or continuous-bernoulli`);
}

// Loaiza-Ganem & Cunningham (2019): E[x] = σ(l)/tanh(l/2) − 1/l, whose limit at l = 0 is 1/2 (series below).
function continuousBernoulliMean(l) {
  if (Math.abs(l) < 1e-3) return 0.5 + l / 12;
  return sigmoid(l) / Math.tanh(l / 2) - 1 / l;
}

// For files written by other tools without atlas.model: read the widths off the weight shapes.
function inferConfig(tensors) {
  const widths = prefix => {
    const out = [];
    for (let i = 0; tensors[`${prefix}.${2 * i}.weight`]; i++) out.push(tensors[`${prefix}.${2 * i}.weight`].shape);
    return out;
  };
  const enc = widths('encoder'), dec = widths('decoder');
  if (!enc.length || !dec.length || !tensors['mu.weight']) throw new ModelError('no atlas.model metadata and no encoder/decoder/mu tensors');
  return {
    inputDim: enc[0][1],
    encoderHidden: enc.map(s => s[0]),
    latentDim: tensors['mu.weight'].shape[0],
    decoderHidden: dec.slice(0, -1).map(s => s[0]),
  };
}

function checkBatch(a, batch, dim, what) {
  if (!Number.isInteger(batch) || batch < 0 || a.length !== batch * dim) {
    throw new RangeError(`${what} has ${a.length} values, not a batch of ${dim}-vectors`);
  }
}
