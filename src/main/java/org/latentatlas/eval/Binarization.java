package org.latentatlas.eval;

import org.latentatlas.data.Dataset;
import org.latentatlas.math.Rng;

/**
 * A binarized copy of a grayscale set, each pixel drawn once as x ~ Bernoulli(intensity): the fixed test set
 * of models trained with static or dynamic binarization, so their Bernoulli likelihood is a true discrete
 * likelihood. Same seed, same set.
 */
public final class Binarization {
    private Binarization() {}

    public static Dataset sample(Dataset data, long seed) {
        Rng rng = new Rng(seed);
        float[] px = new float[data.pixels().length]; // (size, dim)
        for (int i = 0; i < px.length; i++) {
            px[i] = rng.nextFloat() < data.pixels()[i] ? 1f : 0f;
        }
        return new Dataset(data.name(), data.height(), data.width(), px, data.labels(), data.classNames(), 1,
                data.sha256());
    }
}
