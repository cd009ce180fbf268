package org.latentatlas.eval;

import java.util.Locale;

/** The human-readable table of an {@link EvaluationReport}; the JSON holds the same numbers unrounded. */
public final class ReportText {
    private ReportText() {}

    public static String render(EvaluationReport r) {
        StringBuilder sb = new StringBuilder();
        protocol(sb, r.protocol());
        bounds(sb, r.elbo(), r.isNll(), r.objective(), r.protocol().boundsLogP());
        latent(sb, r.latent(), r.information());
        line(sb, "verdict: %s", r.collapse().sentence());
        EvaluationReport.Timing t = r.timing();
        if (t != null) {
            line(sb, "timing: importance sampling %.1f s (%,.0f decoded rows/s), whole evaluation %.1f s",
                    t.seconds(), t.decoderRowsPerSecond(), t.totalSeconds());
        }
        return sb.toString();
    }

    /** An autoencoder's report: what was evaluated, its reconstruction, and why there is nothing else. */
    public static String render(AutoencoderReport r) {
        StringBuilder sb = new StringBuilder();
        examples(sb, r.dataset(), r.split(), r.examples(), r.sha256(), r.data(), r.pixels());
        line(sb, "  likelihood %s, as the reconstruction loss; binarization: %s", r.likelihood(), r.binarization());
        line(sb, "  estimator: %s", r.estimator());
        line(sb, "");
        line(sb, "%-32s %12s %10s", "per example (autoencoder)", "nats", "± s.e.");
        Reconstruction rec = r.reconstruction();
        line(sb, "%-32s %12.3f %10s", "reconstruction -log p(x|z = mu)", rec.mean(),
                stdErr(r.examples() < 2 ? null : rec.stdErr()));
        if (r.examples() < 2) {
            line(sb, ONE_EXAMPLE_NOTE);
        }
        line(sb, "not reported: %s", r.notReported());
        return sb.toString();
    }

    private static void examples(StringBuilder sb, String dataset, String split, int examples, String sha256,
                                 String data, String pixels) {
        line(sb, "protocol: %s, %s split, %s, SHA-256 %s", dataset, split, count(examples, "example"),
                abbreviate(sha256));
        line(sb, "  data: %s", data);
        line(sb, "  pixels: %s", pixels);
    }

    private static void protocol(StringBuilder sb, ProtocolCard p) {
        examples(sb, p.dataset(), p.split(), p.examples(), p.sha256(), p.data(), p.pixels());
        line(sb, "  likelihood %s: %s%s", p.likelihood(), p.likelihoodMeaning(),
                p.learnedSigma() == null ? "" : "; " + p.learnedSigma().describe());
        line(sb, "  binarization: %s; importance sampling k = %d x %d repeats; seed %d", p.binarization(), p.k(),
                p.repeats(), p.seed());
        line(sb, "  ELBO: KL in closed form, reconstruction over the k x repeats = %d draws of eps per example;"
                + " ± is the standard error over examples", (long) p.k() * p.repeats());
        if (p.trainedElbo() != null) {
            line(sb, "  %s", p.trainedElbo().comparison());
        }
        line(sb, "  training: %s", p.training());
        line(sb, "  bits/dim: %s", p.bitsPerDim());
    }

    /** What the rows of a Bernoulli on grayscale x are, after the "*" that marks them: the card's words. */
    static final String CROSS_ENTROPY_NOTE = "* a Bernoulli on grayscale x is a cross-entropy, no likelihood of the"
            + " data: -ELBO and IS-NLL bound no -log p(x) (their floor is the pixels' own entropy, not 0); compare"
            + " models with them rather than cite them";

    /** @param boundsLogP whether the rows bound -log p(x); where not, they are marked and the note says why */
    private static void bounds(StringBuilder sb, ElboSummary e, ImportanceSampledNll n,
                               EvaluationReport.TrainedObjective objective, boolean boundsLogP) {
        line(sb, "");
        // bits/dim is, as in the papers, the bound on -log2 p(x) per dimension: positive on both rows, so on the
        // ELBO's row it is -ELBO's, and says so beside the number whose sign it does not share.
        line(sb, "%-32s %12s %10s %10s", "per example", "nats", "± s.e.", "bits/dim");
        String mark = boundsLogP ? "" : " *";
        line(sb, "%-32s %12.3f %10s %10.4f   (of -ELBO, %s)",
                (objective == null ? "ELBO" : "ELBO (" + Training.BOUND + ")") + mark, e.elbo(),
                stdErr(e.elboStdErr()), e.negElboBitsPerDim(),
                boundsLogP ? "the bound on -log p(x)" : "a cross-entropy bound *");
        line(sb, "%-32s %12.3f %10s", "  reconstruction E_q[-log p(x|z)]", e.recon(), stdErr(e.reconStdErr()));
        line(sb, "%-32s %12.3f %10s", "  KL(q(z|x) || p(z))", e.kl(), stdErr(e.klStdErr()));
        if (objective != null) { // what training minimised: beside the bound, so neither is read for the other
            line(sb, "%-32s %12.3f %10s   (%s: the loss trained, not a bound)", Training.OBJECTIVE,
                    objective.value(), "", objective.formula());
        }
        line(sb, "%-32s %12.3f %10s %10.4f", (boundsLogP ? "IS-NLL -log p(x)" : "IS-NLL *") + ", k = " + n.k(),
                n.nll(), stdErr(n.stdErrExamples()), n.bitsPerDim());
        if (n.repeats() == 1) { // the spread of one value is no error estimate, and 0.0000 would read as exact
            line(sb, "%-32s %12s %10s   (Monte Carlo: one repeat cannot measure it; give --repeats 2 or more)", "",
                    "", "-");
        } else {
            line(sb, "%-32s %12s %10.4f   (Monte Carlo, over %d repeats)", "", "", n.stdErrRepeats(), n.repeats());
        }
        // >= 0 in expectation only: the ELBO's KL is in closed form while log p̂ uses the sampled log p(z)/q(z|x), so
        // at small k one run's gap can come out a little below zero (k = 1: pure Monte Carlo noise).
        line(sb, "%-32s %12.3f %10s   (>= 0 in expectation; at small k noise can take it below)", "gap -ELBO - IS-NLL",
                -e.elbo() - n.nll(), "");
        if (!boundsLogP) {
            line(sb, "%s", CROSS_ENTROPY_NOTE);
        }
        if (e.elboStdErr() == null) {
            line(sb, ONE_EXAMPLE_NOTE);
        }
    }

    /** Why the "± s.e." column holds "-": a spread over one example measures nothing, and 0.000 would read as exact. */
    private static final String ONE_EXAMPLE_NOTE = "± s.e. -: a standard error over examples needs two or more; this"
            + " evaluation has one";

    /** "1 example", "300 examples". */
    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A standard error over examples as the table prints it: "-" where one example leaves it unmeasured. */
    private static String stdErr(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * The latent dimensions and the ELBO surgery. On one example ({@link LatentUsage#onOneExample}), μ cannot vary, so
     * activity is said to be unmeasured rather than every dimension called inactive; on one sample the information
     * estimates' errors are "-", as the table's are.
     */
    static void latent(StringBuilder sb, LatentUsage u, PosteriorInformation info) {
        line(sb, "");
        boolean oneExample = u.activeUnits() == null;
        String dims = count(u.latentDim(), "dimension");
        String active = "variance of mu over examples > " + u.activeThreshold(); // what "active" means
        if (oneExample) {
            line(sb, "latent: %s, activity (%s) not measurable on one example", dims, active);
        } else {
            line(sb, "latent: %s, %s active (%s)", dims, u.activeUnits(), active);
        }
        line(sb, "  %5s %12s %12s  %s", "dim", "KL nats", "var(mu)", "");
        for (LatentUsage.Dimension d : u.dimensions()) {
            if (oneExample) {
                line(sb, "  %5d %12.4f %12s", d.index(), d.kl(), "-");
            } else {
                line(sb, "  %5d %12.4f %12.4f  %s", d.index(), d.kl(), d.muVariance(),
                        d.active() ? "active" : "inactive");
            }
        }
        line(sb, "ELBO surgery (Hoffman & Johnson 2016): E_x KL(q(z|x)||p(z)) = I(x;z) + KL(q(z)||p(z))");
        line(sb, "  %-30s %10.4f nats (closed form)", "E_x KL(q(z|x)||p(z))", info.averageKl());
        boolean oneSample = info.samples() < 2;
        line(sb, "  %-30s %s (at most log N = %.3f)%s", "mutual information I(x;z)",
                nonNegative(info.mutualInformation(), info.mutualInformationStdErr()),
                info.maxMutualInformation(),
                info.saturated() ? "; saturated: at its ceiling, so it is only a lower bound on I(x;z) and cannot"
                        + " rank models (more examples, N, raise the ceiling)" : "");
        line(sb, "  %-30s %s", "aggregate KL(q(z)||p(z))",
                nonNegative(info.aggregateKl(), info.aggregateKlStdErr()));
        line(sb, "  estimator: %s; %s", count(info.samples(), "sample"), PosteriorInformation.ESTIMATOR);
        if (oneSample) { // as --repeats 1 is told: the spread of one value is no error estimate
            line(sb, "  ± -: one sample cannot measure a standard error; %s", info.components() < 2
                    ? "evaluate two or more examples" : "give --information-samples 2 or more");
        }
    }

    /**
     * An estimate of a quantity that cannot be negative (an information, a KL). Sampling noise can take it below 0,
     * as on a collapsed model whose I(x;z) is 0; printed as it is, "-0.0026" would read as an impossible value, and
     * clamped to 0 it would hide the estimate. So: "≈ 0" with the estimate and its error beside it.
     *
     * An estimate below 0 by less than the last printed digit is printed as 0: on a model whose posteriors are all
     * exactly the prior, the aggregate KL (the average KL minus I(x;z), both 0) came out −3.7·10⁻¹⁷ by rounding, and
     * was printed "the estimate -0.0000 ± 0.0000 is below 0 by more than twice its error".
     *
     * @param stdErr its standard error, or null where one sample leaves it unmeasured ("± -")
     */
    static String nonNegative(double estimate, Double stdErr) {
        if (estimate < 0 && String.format(Locale.ROOT, "%.4f", estimate).equals("-0.0000")) {
            estimate = 0;
        }
        if (stdErr == null) {
            return estimate >= 0 ? String.format(Locale.ROOT, "%10.4f ± - nats", estimate)
                    : String.format(Locale.ROOT, "%10s nats (the estimate %.4f is below 0, its error unmeasured; the"
                            + " quantity is >= 0)", "≈ 0", estimate);
        }
        if (estimate >= 0) {
            return String.format(Locale.ROOT, "%10.4f ± %.4f nats", estimate, stdErr);
        }
        String how = -estimate <= 2 * stdErr ? "within twice its error"
                : "by more than twice its error, so its error is underestimated";
        return String.format(Locale.ROOT, "%10s nats (the estimate %.4f ± %.4f is below 0 %s; the quantity is >= 0)",
                "≈ 0", estimate, stdErr, how);
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    static String abbreviate(String sha) {
        return sha == null || sha.length() < 16 ? String.valueOf(sha) : sha.substring(0, 16) + "…";
    }
}
