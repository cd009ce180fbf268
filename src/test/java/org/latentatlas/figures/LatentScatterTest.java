package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.eval.Projection;
import org.latentatlas.eval.Tsne;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

/** What the scatter says before a slow projection: which t-SNE runs on how many points, and how long it takes. */
class LatentScatterTest {
    /** n random 2×2 images in two classes under an untrained VAE with a 3-D latent space. */
    private static FigureContext context(int n) {
        Rng rng = new Rng(1);
        float[] pixels = new float[n * 4]; // (n, 2·2)
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int k = 0; k < 4; k++) {
                pixels[i * 4 + k] = rng.nextFloat();
            }
        }
        Dataset data = new Dataset("noise", 2, 2, pixels, labels, List.of("a", "b"), 0, "0".repeat(64));
        Vae vae = Vae.initialize(VaeConfig.symmetric(2, 2, List.of(4), 3), new Rng(2));
        return FigureContext.of("m.safetensors", vae, data, "test", 0, null);
    }

    @Test
    void upToTheExactLimitTSneIsExactAndAbovePointsGoToBarnesHut() {
        assertThat(LatentScatter.projecting(context(Tsne.EXACT_MAX_POINTS), Projection.TSNE)).hasValue(
                "t-SNE of the 400 test means (3-D): exact, 1000 iterations, a few seconds");
        assertThat(LatentScatter.projecting(context(Tsne.EXACT_MAX_POINTS + 1), Projection.TSNE)).hasValue(
                "t-SNE of the 401 test means (3-D): Barnes-Hut (θ = 0.5, 90 nearest neighbours per point), 1000"
                        + " iterations, about 20 s for 10,000 points on 2 cores");
    }

    @Test
    void aSetLargerThanTheCapIsSubsampledAndTheMessageSaysSo() {
        int n = LatentScatter.TSNE_MAX_POINTS + 50;
        assertThat(LatentScatter.projecting(context(n), Projection.TSNE)).hasValue("t-SNE of 10,000 of the 10,050"
                + " test means (3-D), a seeded subsample (more would take minutes): Barnes-Hut (θ = 0.5, 90 nearest"
                + " neighbours per point), 1000 iterations, about 20 s for 10,000 points on 2 cores");
        assertThat(LatentScatter.indices(n, LatentScatter.TSNE_MAX_POINTS, 3)).hasSize(LatentScatter.TSNE_MAX_POINTS)
                .isSorted().doesNotHaveDuplicates();
    }
}
