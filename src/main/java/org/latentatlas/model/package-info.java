/**
 * The network: the third stage of the data path (data → train → model → io → eval → cli / server → web;
 * docs/code-tour.md reads the packages in that order, starting from the {@code train} command), which {@code train}
 * drives. In this package, read {@link org.latentatlas.model.Vae} first: its methods follow the paper, {@code encode},
 * {@code reparameterize}, {@code decode}, and the training pair {@code forward}/{@code backward}.
 *
 * <p>Every number of a model lives in one flat {@code float[]}; the classes here own only offsets into it.
 * <ul>
 *   <li>{@link org.latentatlas.model.VaeConfig}: the architecture, mirroring a PyTorch module so the model file
 *       loads in PyTorch; {@link org.latentatlas.model.ParameterLayout} says where each named tensor lives in
 *       the flat array (and so in the file).</li>
 *   <li>{@link org.latentatlas.model.Linear}: one layer, {@code y = x·Wᵀ + b}, as offsets into the array;
 *       {@link org.latentatlas.model.Mlp}: a stack of them with an {@link org.latentatlas.model.Activation};
 *       {@link org.latentatlas.model.GaussianHeads}: the μ and logσ² heads run as one product.</li>
 *   <li>{@link org.latentatlas.model.DiagonalGaussian}: the posterior q(z|x) = N(μ, diag σ²) those heads give, and
 *       its closed forms: σ² and σ from logσ², the KL to the prior N(0, I), log p(z) − log q(z|x) at a sample. The
 *       loss in {@code train} and every estimate in {@code eval} take them from here, so a KL is the same bits
 *       wherever it is printed.</li>
 *   <li>{@link org.latentatlas.model.Likelihood}: the observation model p(x|z) that scores the decoder's
 *       output per pixel (Bernoulli, Binomial, Gaussian, continuous Bernoulli).</li>
 *   <li>{@link org.latentatlas.model.LiveUnits} and {@link org.latentatlas.model.ThinLinear}: an exact shortcut
 *       that leaves ReLU units silent for a whole batch out of the next products. They can be skipped on a first
 *       reading: every number is bitwise that of the full products, and the tests check it.</li>
 * </ul>
 * A config record refuses a bad field with an {@link org.latentatlas.model.InvalidSettingException}; messages that
 * name settings are {@link org.latentatlas.model.Wording}s, so a caller can name them its own way.
 * The GEMMs and element-wise kernels the layers call are in {@code math}; the loss and the optimizer in
 * {@code train}.
 */
package org.latentatlas.model;
