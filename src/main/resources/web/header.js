// The page's header: what the model is (an autoencoder, a VAE, a β-VAE, an IWAE), the numbers it was tested with and
// the protocol behind them, all from the model file's own metadata.

import { fmt } from './ui.js';
import { binaryPixels, pixelScaling } from './objective.js';

/**
 * Fills the header. `objective` is trainingObjective(training); `metadata` the file's string entries, of which
 * atlas.training and atlas.dataset are JSON.
 */
export function renderHeader(model, objective, metadata, points) {
  const c = model.config;
  const dataset = parseJson(metadata['atlas.dataset']) || {};
  const training = parseJson(metadata['atlas.training']) || {};
  // Data read from a path is named by its file, as points.json names it: the folders it lay in were the trainer's.
  const name = fileName(dataset.name) || points.dataset?.name || 'unnamed data';
  document.getElementById('model-title').textContent = `${objective.name} on ${name}`;
  document.title = `Latent Atlas · ${objective.name} on ${name}`;
  // Each item unbreakable, so a narrow header wraps between items, never inside "Bernoulli decoder".
  unbreakableItems(document.getElementById('model-arch'), [model.describe(), `${c.latentDim}-D latent`,
    `${compact(model.parameterCount)} parameters`, `${model.likelihood.name} decoder`]);
  const trained = document.getElementById('model-objective');
  trained.hidden = !objective.terms.length;
  unbreakableItems(trained, objective.terms.map((t, i) => (i ? t : `trained on ${t}`)));
  renderMetrics(training, objective, model.likelihood, pixelScaling(dataset, training),
    model.likelihood.spec === 'bernoulli' && !binaryPixels(dataset, training));
  // The model's details fold away on a phone, where they would double the header's height; open elsewhere.
  const more = document.querySelector('.model-more'), phone = matchMedia('(max-width: 600px)');
  const fold = () => { more.open = !phone.matches; };
  phone.addEventListener('change', fold);
  fold();
  const counts = points.splits.test.count > 0
    ? `${Object.values(points.splits).map(s => `${s.name} ${s.count}`).join(' / ')} points` : 'no data points';
  // atlas.dataset is written by the CLI as DatasetMetadata (testSha256); accept a plain sha256 as well.
  const hash = dataset.testSha256 || dataset.sha256;
  const classes = points.dataset.classNames.length ? ` · ${points.dataset.classNames.length} classes` : '';
  const images = `${c.imageHeight}×${c.imageWidth} images${classes}`;
  const line = document.getElementById('model-data');
  const other = otherData(name, hash, points);
  if (other) {
    // serve --dataset OTHER: the points are OTHER's, which the model's own name and hash above them would misstate.
    line.textContent = `points from ${other.name}${shaNote(other.hash, ' (', ')')} · ${counts} · ${images}`
      + ` · the model was trained on ${name}${shaNote(hash, ' (', ')')}`;
    return;
  }
  line.textContent = `${name} · ${images} · ${counts}${shaNote(hash, ' · ', '')}`;
}

/** "test sha256 3f2a9c81d0b4…" between `before` and `after`; nothing without a hash. */
function shaNote(hash, before, after) {
  return typeof hash === 'string' ? `${before}test sha256 ${hash.slice(0, 12)}…${after}` : '';
}

/**
 * The points' data where it is not what the model was trained on, {name, hash}; null where it is, or where there are
 * no points. By the test split's hash where both files have one, by name where one lacks it.
 */
function otherData(trainedName, trainedHash, points) {
  const { name = trainedName, testSha256: hash } = points.dataset;
  if (points.splits.test.count === 0) return null;
  const differs = typeof hash === 'string' && typeof trainedHash === 'string' ? hash !== trainedHash
    : name !== trainedName;
  return differs ? { name, hash } : null;
}

/** "tiny.csv" for "/home/me/data/tiny.csv" or "data\\tiny.csv"; a name without folders as it is. */
function fileName(name) {
  return typeof name === 'string' ? name.split(/[/\\]/).filter(Boolean).pop() : undefined;
}

function unbreakableItems(host, items) {
  host.textContent = '';
  items.forEach((item, i) => {
    const span = document.createElement('span');
    span.className = 'nowrap';
    span.textContent = item;
    host.append(...(i ? [' · ', span] : [span]));
  });
}

/**
 * The test numbers with the bound they are ("Bernoulli, x/16"): a VAE's ELBO and the recon and KL it splits into, said
 * to be the β = 1 bound where training weighted its KL otherwise and the k = 1 bound for an IWAE; an autoencoder's
 * reconstruction loss alone, which is no bound. `grayBernoulli`: a Bernoulli likelihood on pixels that are not 0/1,
 * whose ELBO the CLI marks as no bound to cite.
 */
function renderMetrics(training, objective, likelihood, scaling, grayBernoulli) {
  const test = training.metrics?.test;
  const dl = document.getElementById('model-metrics');
  dl.innerHTML = '';
  document.getElementById('metrics-note').hidden = true;
  const protocol = typeof training.protocol === 'string' ? training.protocol : '';
  const ae = objective.autoencoder;
  const headline = ae ? test?.recon : test?.elbo;
  if (!test || !Number.isFinite(headline)) {
    addMetric(dl, ae ? 'test recon' : 'test ELBO', 'not recorded', ae ? 'recon' : 'elbo');
    return;
  }
  const stdErr = Number.isFinite(test.elboStdErr) && test.elboStdErr > 0 ? test.elboStdErr : null;
  // The numbers to the standard error's first significant digit, so that a small one is not "± 0.0"; recon and KL
  // to the same decimals as the ELBO they add up to.
  const digits = stdErr === null ? 1 : stdErrDecimals(stdErr);
  const main = addMetric(dl, ae ? 'test recon' : 'test ELBO', `${fmt(headline, digits)} nats`, ae ? 'recon' : 'elbo');
  if (stdErr !== null) {
    main.append(' ', note('stderr', `± ${fmt(stdErr, digits)} s.e.`,
        `One standard error of the mean ${ae ? 'reconstruction loss' : 'ELBO'} over the test examples`));
  }
  // What the CLI's "nats/example = −(recon + KL)" says, which the numbers abreast would not: one line under them all.
  const caption = document.getElementById('metrics-note');
  caption.hidden = false;
  caption.textContent = `nats per test example${ae ? '' : '; ELBO = −(recon + KL)'}`;
  caption.title = ae ? 'The reconstruction loss is the mean over the test examples, in nats.'
    : 'Each number is the mean over the test examples, in nats. The ELBO is −(recon + KL), a lower bound on log p(x):'
      + ' higher is better; recon and KL are losses, lower is better.';
  main.append(note('bound', `(${[likelihood.name, scaling].filter(Boolean).join(', ')})`));
  const which = whichNumber(objective);
  if (which) main.append(note('which', ...which));
  // A density's log can exceed 0: without this, a positive ELBO reads as a bug.
  if (likelihood.density) {
    main.append(note('caveat', `a density on [0, 1]: ${ae ? 'recon can be < 0' : 'the ELBO can be > 0 and recon < 0'}`,
        'The likelihood is a density over pixel values in [0, 1], not a probability of discrete values, so its'
        + ' log can be positive. Compare these nats only with models of the same likelihood.'));
  }
  // As the CLI marks such an ELBO "*" and says why beneath it: in view, not only in the folded protocol.
  if (grayBernoulli && !ae) {
    main.append(note('caveat', 'grayscale x: not normalized; compare, don\'t cite',
      'A Bernoulli likelihood is a probability of 0/1 pixels. On grayscale pixels its cross-entropy is not a'
      + ' normalized density, so this ELBO bounds no log p(x) to cite: compare it only with models of the same'
      + ' likelihood on the same data. Training with --binarize gives a true bound on the binarized data.'));
  }
  if (!ae && Number.isFinite(test.recon)) {
    addMetric(dl, 'recon', `${fmt(test.recon, digits)} nats`, 'recon').append(note('term', '−log p(x | z), a loss',
      'The reconstruction term: the negative log-likelihood of the test image under the decoder, averaged over'
      + ' z ~ q(z | x). A loss: lower is better.'));
  }
  if (!ae && Number.isFinite(test.kl)) addMetric(dl, 'KL', `${fmt(test.kl, digits)} nats`, 'kl');
  const said = [objective.terms.length ? `Trained on ${objective.terms.join(', ')}.` : '', protocol ? `Tested: ${protocol}` : ''];
  const details = document.getElementById('model-protocol');
  details.hidden = !said.some(Boolean);
  details.querySelector('p').textContent = said.filter(Boolean).join(' ');
}

/**
 * What the headline number is, where the name "test ELBO" alone would mislead: [text, title], or null for a plain VAE.
 */
function whichNumber(objective) {
  if (objective.autoencoder) {
    return ['−log p(x | z = μ): not a bound on log p(x)', 'An autoencoder has no posterior and no prior: this is its'
      + ' reconstruction loss with the code decoded once, which bounds nothing. Compare it only with other'
      + ' autoencoders\' reconstructions, not with a VAE\'s ELBO.'];
  }
  if (objective.spec === 'iwae') {
    return [`the k = 1 ELBO; the k = ${objective.k} bound it trained is tighter`, 'The standard ELBO, a bound on'
      + ` log p(x) to compare with any VAE's. The importance-weighted bound with k = ${objective.k}, which training`
      + ` maximized, is at least as tight: atlas evaluate --k ${objective.k} --repeats 1 reports it as IS-NLL.`];
  }
  if (objective.weighted) {
    return ['the β = 1 bound, not the training loss', `The ELBO itself: recon + KL with the KL weighted 1, a lower`
      + ` bound on log p(x) to compare models by. Training minimised another objective (${objective.terms.join('; ')}),`
      + ' which this number is not.'];
  }
  return null;
}

/**
 * Decimals that show a standard error to its first significant digit, at least one and at most four: 2.1 and 0.41
 * to one decimal ("2.1", "0.4"), 0.041 to two ("0.04").
 */
function stdErrDecimals(se) {
  return Math.min(4, Math.max(1, -Math.floor(Math.log10(se))));
}

/** Adds a term and its value to the metrics list; returns the value's <dd> for notes. */
function addMetric(dl, term, value, key) {
  const div = document.createElement('div');
  div.className = `metric metric-${key}`;
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  div.append(dt, dd);
  dl.append(div);
  return dd;
}

function note(kind, text, title) {
  const small = document.createElement('small');
  small.className = kind;
  small.textContent = text;
  if (title) small.title = title;
  return small;
}

/** A metadata entry's JSON, or null (with a warning) for one that is not JSON. */
export function parseJson(text) {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch (e) {
    console.warn('ignoring metadata that is not JSON:', text.slice(0, 80));
    return null;
  }
}

function compact(n) {
  return n >= 1e6 ? `${fmt(n / 1e6, 1)} M` : n >= 1e3 ? `${fmt(n / 1e3, 1)} k` : String(n);
}
