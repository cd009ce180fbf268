package org.latentatlas.eval;

import java.util.Arrays;
import java.util.Locale;
import org.latentatlas.model.Likelihood;
import org.latentatlas.model.Vae;

/**
 * The observation σ a {@code gaussian(learned)} or {@code gaussian(learned-pixel)} decoder learned, after its floor:
 * part of the model (the nats depend on it as much as on the weights), yet in no other line of a report. One σ is
 * given as it is; one per pixel as its minimum, median and maximum, with how many pixels sit at the floor (the
 * constant ones, such as the digits' always-0 borders, which would otherwise drive σ to 0).
 *
 * @param values  σs learned: 1 (one for every pixel) or one per pixel
 * @param min     the smallest σ
 * @param median  the median σ (the mean of the middle two for an even count)
 * @param max     the largest σ
 * @param atFloor σs at the floor, {@link Likelihood.LearnedGaussian#MIN_SIGMA}
 */
public record LearnedSigma(int values, double min, double median, double max, int atFloor) {
    public LearnedSigma {
        if (values < 1) {
            throw new IllegalArgumentException("a learned sigma has at least one value, got " + values);
        }
        if (!(0 < min && min <= median && median <= max) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("a learned sigma's summary needs 0 < min <= median <= max < infinity,"
                    + " got " + min + ", " + median + ", " + max);
        }
        if (atFloor < 0 || atFloor > values) {
            throw new IllegalArgumentException("sigmas at the floor must be 0.." + values + ", got " + atFloor);
        }
    }

    /** The σ the model's likelihood learned; null where it has none to learn (a fixed σ, another likelihood). */
    public static LearnedSigma of(Vae vae) {
        if (!(vae.likelihood() instanceof Likelihood.LearnedGaussian g)) {
            return null;
        }
        int n = g.learnedCount(vae.config().inputDim());
        double[] sigma = new double[n];
        int atFloor = 0;
        for (int i = 0; i < n; i++) {
            sigma[i] = StrictMath.exp(g.logSigma(i));
            // logSigma clamps to log(MIN_SIGMA), whose exp comes back within an ulp or two of MIN_SIGMA
            atFloor += sigma[i] <= Likelihood.LearnedGaussian.MIN_SIGMA * (1 + 1e-9) ? 1 : 0;
        }
        Arrays.sort(sigma);
        double median = n % 2 == 1 ? sigma[n / 2] : (sigma[n / 2 - 1] + sigma[n / 2]) / 2;
        return new LearnedSigma(n, sigma[0], median, sigma[n - 1], atFloor);
    }

    /** "learned sigma 0.0823", or "learned sigma per pixel: min 0.0010, median 0.1180, max 0.4300 (92 of 784 ...)". */
    public String describe() {
        if (values == 1) {
            return String.format(Locale.ROOT, "learned sigma %.4g%s", min, atFloor == 0 ? ""
                    : " (at the floor " + floorText() + ")");
        }
        String floorNote = atFloor == 0 ? "" : String.format(Locale.ROOT, " (%d of %d at the floor %s)", atFloor,
                values, floorText());
        return String.format(Locale.ROOT, "learned sigma per pixel: min %.4g, median %.4g, max %.4g over %d pixels%s",
                min, median, max, values, floorNote);
    }

    private static String floorText() {
        return String.valueOf(Likelihood.LearnedGaussian.MIN_SIGMA);
    }
}
