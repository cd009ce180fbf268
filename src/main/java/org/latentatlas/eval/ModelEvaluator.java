package org.latentatlas.eval;

import org.latentatlas.data.Dataset;
import org.latentatlas.model.InvalidSettingException;
import org.latentatlas.model.Vae;

/** Runs every estimate of an {@link EvaluationReport} on one dataset split. */
public final class ModelEvaluator {
    private ModelEvaluator() {}

    /**
     * @param k                  importance samples per example per repeat
     * @param repeats            independent repeats of the k-sample estimate
     * @param seed               seed of every draw
     * @param informationSamples examples behind the mutual-information estimate (capped at the set's size)
     */
    public record Settings(int k, int repeats, long seed, int informationSamples) {
        public static final int MAX_K = 1_000_000;

        public Settings {
            if (k < 1 || k > MAX_K) {
                throw new InvalidSettingException(Settings.class, "k", "k", "must be in 1.." + MAX_K, k);
            }
            if (repeats < 1 || repeats > 1000) {
                throw new InvalidSettingException(Settings.class, "repeats", "repeats", "must be in 1..1000", repeats);
            }
            if (informationSamples < 1) {
                throw new InvalidSettingException(Settings.class, "informationSamples", "information samples",
                        "must be >= 1", informationSamples);
            }
        }
    }

    /**
     * A report and the per-example numbers behind its ELBO and IS-NLL, from the same draws.
     *
     * @param report     what {@code atlas evaluate} prints and writes as JSON
     * @param perExample what a cross-check in another framework reproduces, example by example
     */
    public record Result(EvaluationReport report, MarginalLikelihood.PerExample perExample) {}

    /**
     * @param training how the model was trained (null where its file does not say): the collapse verdict tells a KL
     *                 the free-bits floor set from one the data did and fits its advice to β, and the card says what
     *                 the ELBO is beside the objective minimised
     */
    public static Result evaluate(Vae vae, EvaluatedSplit split, Training training, Settings s) {
        Dataset data = split.data();
        long start = System.nanoTime();
        MarginalLikelihood.Estimate marginal = MarginalLikelihood.estimate(vae, data, s.k(), s.repeats(), s.seed());
        double isSeconds = (System.nanoTime() - start) / 1e9;
        LatentStatistics stats = LatentStatistics.of(vae, data);
        PosteriorInformation info = PosteriorInformation.estimate(vae, data, s.informationSamples(), s.seed());
        boolean binary = data.levels() == 1; // binarized as trained, or 0/1 data
        long draws = (long) s.k() * s.repeats();
        ProtocolCard card = new ProtocolCard(data.name(), split.name(), data.size(), data.sha256(), split.provenance(),
                data.range().describe(), vae.likelihood().spec(), vae.likelihood().meaning(binary),
                BitsPerDim.boundsLogP(vae.likelihood(), data), LearnedSigma.of(vae), split.binarization(),
                s.k(), s.repeats(), s.seed(), info.samples(), ProtocolCard.standardEstimators(s.k(), s.repeats()),
                BitsPerDim.of(vae.likelihood(), data).convention(),
                training == null ? "not recorded in the model file" : training.describe(),
                training == null ? null : training.trainedElbo(draws));
        EvaluationReport.TrainedObjective objective = training == null || !training.weightsTheKl() ? null
                : new EvaluationReport.TrainedObjective(training.formula(),
                        training.objective(marginal.elbo().recon(), stats.klPerDimension()));
        double rows = (double) data.size() * s.k() * s.repeats();
        EvaluationReport.Timing timing = new EvaluationReport.Timing(isSeconds, rows / isSeconds,
                (System.nanoTime() - start) / 1e9);
        CollapseVerdict verdict = training == null ? CollapseVerdict.of(stats) : CollapseVerdict.of(stats, training);
        boolean one = data.size() < 2; // μ cannot vary over one example: activity is not measured
        LatentUsage usage = LatentUsage.of(stats);
        return new Result(new EvaluationReport(card, marginal.elbo(), marginal.isNll(), objective,
                one ? usage.onOneExample() : usage, info, one ? verdict.onOneExample() : verdict, timing),
                marginal.perExample());
    }
}
