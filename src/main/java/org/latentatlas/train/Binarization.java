package org.latentatlas.train;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.latentatlas.model.InvalidSettingException;
import org.latentatlas.data.Dataset;
import org.latentatlas.math.Rng;

/**
 * Turning grayscale pixels p ∈ [0, 1] into binary x ~ Bernoulli(p), so a Bernoulli likelihood is a true
 * likelihood of the data it scores.
 *
 * <ul>
 *   <li>{@code none}: train on the grayscale values (the Bernoulli "likelihood" is then not a density).</li>
 *   <li>{@code static}: one seeded binarization of the training set, kept for the whole run.</li>
 *   <li>{@code dynamic}: a fresh binarization of every batch, drawn from the noise stream (a regularizer,
 *       Salakhutdinov &amp; Murray 2008 style).</li>
 * </ul>
 * With either binarization the validation and test splits are binarized once with a fixed seed, so evaluation
 * is deterministic and the same for static and dynamic runs.
 */
public enum Binarization {
    NONE, STATIC, DYNAMIC;

    /** Seed offset of the fixed binarization of the validation and test splits. */
    static final long EVAL_SEED_SALT = 0x62696e6172697aL; // "binariz"

    public static Binarization parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidSettingException(TrainConfig.class, "binarize", "binarize",
                    "must be none, static or dynamic", s);
        }
    }

    /** How it is written on the command line and in model metadata (lowercase, as the user types it). */
    @JsonValue
    public String spec() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * x (n) ← [u < x] with u ~ U[0, 1) from {@code rng}, in place; x must be finite (the loaders see to it).
     *
     * <p>Computed as the sign bit of u − x, which is set exactly when u &lt; x (the difference of two finite floats
     * is zero only when they are equal, and keeps its sign when rounded). The branch {@code u < x ? 1 : 0} is
     * mispredicted on every grey pixel: with it, dynamic binarization, which runs on the calling thread while the
     * other threads wait, measured 6.3 ns a pixel against 2.1 (a tenth of a two-thread Fashion-MNIST step). Same bits.
     */
    public static void sample(float[] x, int offset, int n, Rng rng) {
        for (int i = offset; i < offset + n; i++) {
            x[i] = Float.floatToRawIntBits(rng.nextFloat() - x[i]) >>> 31;
        }
    }

    /**
     * A binarized copy of a dataset: its levels become 1 (the pixels are now counts out of 1); the range stays, as
     * the grey values drawn from were mapped by it.
     */
    public static Dataset binarized(Dataset d, Rng rng) {
        float[] px = d.pixels().clone();
        sample(px, 0, px.length, rng);
        return new Dataset(d.name(), d.height(), d.width(), px, d.labels(), d.classNames(), 1, d.range(), d.sha256(),
                d.baseName());
    }

    /**
     * The generator of a run's fixed binarization of its held-out splits, for a run seeded {@code seed}: the test
     * split draws first, then the validation examples.
     */
    static Rng evaluationRng(long seed) {
        return new Rng(seed ^ EVAL_SEED_SALT);
    }

    /**
     * A test split binarized as a run seeded {@code seed} binarized its own: evaluating a model with its training seed
     * then scores the very examples its stored test ELBO was computed on.
     */
    public static Dataset binarizedAsTestSplit(Dataset test, long seed) {
        return binarized(test, evaluationRng(seed));
    }
}
