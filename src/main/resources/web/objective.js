// What a model was trained on and how its pixels were scaled, read from the file's structured metadata (atlas.training's
// config, atlas.dataset's range and levels) rather than from the protocol's prose, whose wording serves people: an
// autoencoder must be named one, a β = 4 model must not pass for a plain VAE, and a likelihood's description must not
// be mistaken for the pixel scaling.

/**
 * The training objective of atlas.training (a file without one, or written by another tool, is a plain VAE):
 *   spec        'elbo', 'iwae' or 'ae'
 *   autoencoder whether the model is a plain autoencoder: no KL, no prior, its σ head never trained
 *   name        what the model is, for the title: 'VAE', 'β-VAE (β = 4)', 'IWAE (k = 5)', 'Autoencoder'
 *   terms       how the loss was shaped, item by item: ['the β-ELBO: recon + β·KL with β = 4', 'KL warm-up: β linear
 *               from 0 to 4 over 10 epochs', …]; none where the file records no training config
 *   weighted    whether the loss training ended on was not the ELBO itself (β ≠ 1, or free bits; a warm-up or a
 *               cycle ends at β), so the test ELBO, always the β = 1 bound, is not the objective training minimised
 */
export function trainingObjective(training) {
  const config = training?.config ?? {};
  const spec = ['elbo', 'iwae', 'ae'].find(s => s === (config.objective ?? training?.objective)) ?? 'elbo';
  const beta = Number.isFinite(config.beta) ? config.beta : 1;
  const k = Number.isInteger(config.samples) ? config.samples : 1;
  const freeBits = Number.isFinite(config.freeBits) && config.freeBits > 0 ? config.freeBits : 0;
  const schedule = config.klSchedule?.kind === 'linear' || config.klSchedule?.kind === 'cyclical' ? config.klSchedule : null;
  // A file without a training config (another tool's) says nothing of how it was trained: no terms to show.
  const known = terms => (training?.config ? terms : []);
  if (spec === 'ae') {
    return { spec, autoencoder: true, name: 'Autoencoder', beta, k, freeBits, weighted: false,
      terms: known(['a plain autoencoder: the reconstruction loss at z = μ(x), no KL term, no prior']) };
  }
  if (spec === 'iwae') {
    return { spec, autoencoder: false, name: `IWAE (k = ${k})`, beta, k, freeBits, weighted: false,
      terms: known([`the importance-weighted bound (Burda et al. 2015) with k = ${k} samples per example`]) };
  }
  const terms = [lossFormula(beta, freeBits)];
  if (schedule) terms.push(klWarmup(schedule, beta));
  if (freeBits) terms.push(`free bits λ = ${number(freeBits)} nats per latent dimension`);
  return { spec, autoencoder: false, name: beta === 1 ? 'VAE' : `β-VAE (β = ${number(beta)})`, beta, k, freeBits,
    weighted: beta !== 1 || freeBits > 0, terms: known(terms) };
}

/**
 * The loss as train, info and evaluate write it: "the β-ELBO: recon + β·KL with β = 4"; with free bits the KL term is
 * floored per dimension, "recon + β·Σ_j max(λ, KL_j)", which is not the β-ELBO's formula.
 */
function lossFormula(beta, freeBits) {
  if (!freeBits) return beta === 1 ? 'the ELBO (β = 1)' : `the β-ELBO: recon + β·KL with β = ${number(beta)}`;
  return beta === 1 ? 'the ELBO with free bits: recon + Σ_j max(λ, KL_j)'
    : `the β-ELBO with free bits: recon + β·Σ_j max(λ, KL_j) with β = ${number(beta)}`;
}

/**
 * "KL warm-up: β linear from 0 to 4 over 10 epochs (4 from epoch 11 on)", or a cyclical schedule's cycles, as
 * `atlas info` says them: the first step has β₀, so the target comes on the first step after the warm-up.
 */
function klWarmup(s, beta) {
  if (s.kind === 'linear') {
    const unit = s.warmupInSteps ? 'step' : 'epoch';
    return `KL warm-up: β linear from ${number(s.betaStart ?? 0)} to ${number(beta)} over ${s.warmup} ${unit}${s.warmup === 1 ? '' : 's'}`
      + ` (${number(beta)} from ${unit} ${s.warmup + 1} on)`;
  }
  return `cyclical KL weight: β up to ${number(beta)} in ${s.cycles} cycle${s.cycles === 1 ? '' : 's'}`
    + ` (rising for ${number(s.ratio)} of each)`;
}

/**
 * How raw values became the pixels the bound is on: "x/16", "(x + 3.09)/8.09", with ", binarized" when training
 * binarized them. From atlas.dataset's range (or, in files written before it, its levels); failing both, the
 * protocol's "; pixels … in [0,1]" clause, anchored at a clause's start so that a likelihood's own words ("a density on
 * pixels in [0,1]") are never read as the scaling. Empty when none says.
 */
export function pixelScaling(dataset, training) {
  const range = dataset?.range;
  let scaling = '';
  if (range && Number.isFinite(range.min) && Number.isFinite(range.max) && range.max > range.min) {
    const offset = range.min === 0 ? 'x' : `(x ${range.min < 0 ? '+' : '-'} ${number(Math.abs(range.min))})`;
    scaling = `${offset}/${number(range.max - range.min)}`;
  } else if (Number.isInteger(dataset?.levels) && dataset.levels > 1) {
    scaling = `x/${dataset.levels}`;
  } else {
    const protocol = typeof training?.protocol === 'string' ? training.protocol : '';
    scaling = /(?:^|; )pixels (.+?) in \[0,1\]/.exec(protocol)?.[1] ?? '';
  }
  const binarize = training?.config?.binarize;
  return binarize === 'static' || binarize === 'dynamic' ? [scaling, `${binarize}ally binarized`].filter(Boolean).join(', ')
    : scaling;
}

/** Ten significant digits without trailing zeros, as the Java side prints settings: 4, 0.25, 8.09. */
function number(v) {
  return String(Number(Number(v).toPrecision(10)));
}

/**
 * Whether the pixels the bound is on are 0/1, as the CLI decides it (TrainingRun.binary): binarized for training, or
 * 0/1 data from the start (atlas.dataset's levels 1, trusted only where its range is recorded, as
 * DatasetMetadata.binaryValues trusts it). A Bernoulli likelihood is a true bound only on such pixels.
 */
export function binaryPixels(dataset, training) {
  const binarize = training?.config?.binarize;
  return binarize === 'static' || binarize === 'dynamic' || (dataset?.levels === 1 && dataset?.range != null);
}
