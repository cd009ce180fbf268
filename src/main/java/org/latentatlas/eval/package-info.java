/**
 * Evaluation: what a trained model scores on a dataset split, every figure with its protocol; the fifth stage of the
 * data path (data → train → model → io → eval → cli / server → web; docs/code-tour.md reads the packages in that order,
 * starting from the {@code train} command).
 *
 * <ul>
 *   <li>{@link org.latentatlas.eval.ElboEvaluator}: the ELBO per example (closed-form KL, sampled
 *       reconstruction), used by training after every epoch.</li>
 *   <li>{@link org.latentatlas.eval.ModelEvaluator}: everything {@code atlas evaluate} reports on an
 *       {@link org.latentatlas.eval.EvaluatedSplit} (the examples and what the protocol says of them), an
 *       {@link org.latentatlas.eval.EvaluationReport}: the ELBO and the importance-sampled −log p(x)
 *       ({@link org.latentatlas.eval.ImportanceSampler}, {@link org.latentatlas.eval.MarginalLikelihood}) from
 *       the same draws, latent usage and posterior collapse ({@link org.latentatlas.eval.LatentStatistics},
 *       {@link org.latentatlas.eval.CollapseVerdict}), the KL split of "ELBO surgery"
 *       ({@link org.latentatlas.eval.PosteriorInformation}) and the {@link org.latentatlas.eval.ProtocolCard}, which
 *       says how the model was {@link org.latentatlas.eval.Training trained} (β, schedule, free bits: the reported
 *       ELBO is the β = 1 bound beside the objective minimised) and what its bits/dim are
 *       ({@link org.latentatlas.eval.BitsPerDim});
 *       {@link org.latentatlas.eval.ReportText} prints it. A plain autoencoder gets an
 *       {@link org.latentatlas.eval.AutoencoderReport} instead: it has no bound to report.</li>
 *   <li>{@link org.latentatlas.eval.Pca} and {@link org.latentatlas.eval.Tsne}: the
 *       {@link org.latentatlas.eval.Projection}s that put a larger latent space on a plane for the figures. t-SNE
 *       is exact up to 400 points ({@link org.latentatlas.eval.TsneAffinities#dense},
 *       {@link org.latentatlas.eval.ExactGradient}) and Barnes-Hut above: affinities to each point's nearest
 *       neighbours ({@link org.latentatlas.eval.NearestNeighbours}, {@link org.latentatlas.eval.SparseAffinities}),
 *       the repulsion from a {@link org.latentatlas.eval.QuadTree} ({@link org.latentatlas.eval.BarnesHutGradient});
 *       the exact parts stay as the oracle the tests hold Barnes-Hut to. It tells a
 *       {@link org.latentatlas.eval.Progress} how far it has got, as it can take tens of seconds.</li>
 * </ul>
 * The KL to the prior and the importance weights' log p(z) − log q(z|x) are the posterior's closed forms in
 * {@code model.DiagonalGaussian}, the ones training's loss uses; from {@code train} this package takes the
 * reconstruction sum ({@code train.Elbo.reconstruction}) and, for the protocol card, the training settings.
 * Every estimate is seeded ({@link org.latentatlas.eval.NoiseSource}), so the same model, data and seed give the
 * same numbers however rows are batched or threads scheduled.
 */
package org.latentatlas.eval;
