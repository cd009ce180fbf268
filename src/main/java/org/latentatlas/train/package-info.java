/**
 * Training: the second stage of the data path (data → train → model → io → eval → cli / server → web; docs/code-tour.md
 * reads the packages in that order, starting from the {@code train} command).
 * {@link org.latentatlas.train.Trainer#train} turns a {@code model.VaeConfig}, a {@code data.Split} and a
 * {@link org.latentatlas.train.TrainConfig} into trained weights and a per-epoch history.
 *
 * <p>One step ({@code Trainer.Run.takeStep}) reads in this order: gather a minibatch (and binarize it,
 * {@link org.latentatlas.train.Binarization}); draw ε; {@link org.latentatlas.train.BatchLoss} runs the forward
 * pass, the loss of the {@link org.latentatlas.train.Objective} (the ELBO terms of {@link org.latentatlas.train.Elbo},
 * the KL in closed form from {@code model.DiagonalGaussian}, β from the {@link org.latentatlas.train.KlSchedule})
 * and the backward pass, into which the step's {@link org.latentatlas.train.Adam} update is handed (most layers'
 * weights are updated there, as their gradients come out, unless clipping needs the whole gradient first); the
 * {@link org.latentatlas.train.DivergenceGuard} checks the loss; optional clipping; Adam's step finishes the weights
 * nobody updated and reports whether all stayed finite.
 *
 * <p>Every random choice flows from {@code TrainConfig.seed}, so a run is reproducible bit for bit, and a
 * {@link org.latentatlas.train.Checkpoint} saves enough state to resume mid-epoch with the same numbers.
 * Per-epoch test evaluations come from {@code eval} ({@code ElboEvaluator}, {@code LatentStatistics}), a later
 * stage; {@code eval} in turn takes the reconstruction sum from {@code Elbo} and the settings its protocol card
 * reports from {@code TrainConfig}, so the two packages import each other.
 */
package org.latentatlas.train;
