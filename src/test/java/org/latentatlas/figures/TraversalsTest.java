package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.text.Json;

class TraversalsTest {
    /**
     * A collapsed dimension's row said "KL 0.00 nats" whether it carried 2·10⁻⁴ nats or none: its KL is written as the
     * KL figure writes it, two significant digits, and an exact 0 as 0; a used dimension keeps two decimals.
     */
    @Test
    void rowLabelsWriteATinyKlInTwoSignificantDigitsAndAnExactZeroAsZero() throws Exception {
        TiledFigure figure = Traversals.figure(spread(0f, 0.02f, 2f));

        assertThat(figure.table().rowLabels()).containsExactly("z₂  KL 2.00 nats", "z₁  KL 0.00020 nats",
                "z₀  KL 0 nats");
    }

    /** Dimension u's μ is ±{@code by[u]} by image, with σ = 1: a KL of ½·by[u]² each, exactly 0 where by[u] is 0. */
    private static FigureContext spread(float... by) throws Exception {
        Dataset data = Split.stratified(DigitsCsv.load(), 300, 1).test();
        int n = data.size();
        int d = by.length;
        float[] mu = new float[n * d]; // (n, d)
        for (int i = 0; i < mu.length; i++) {
            mu[i] = (i / d) % 2 == 0 ? by[i % d] : -by[i % d];
        }
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), d), new Rng(3));
        return new FigureContext("m.safetensors", vae, data, "test", 0, new Vae.Encoding(mu, new float[n * d]),
                Json.readTree("{\"objective\":\"elbo\"}"));
    }
}
