package org.latentatlas.eval;

import java.util.Locale;
import tagbio.umap.Umap;

/**
 * Ways to draw a latent space of more than two dimensions on a plane. All are seeded: the same model and
 * seed give the same picture.
 */
public enum Projection {
    /** Linear: distances along the axes are in z units, and it needs no tuning. */
    PCA("PC"),
    /** Keeps neighbourhoods; distances between clusters mean little. */
    TSNE("t-SNE "),
    /** Keeps neighbourhoods and somewhat more global structure than t-SNE. */
    UMAP("UMAP ");

    private final String axisPrefix;

    Projection(String axisPrefix) {
        this.axisPrefix = axisPrefix;
    }

    public static Projection parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT).replace("-", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown projection '" + name + "' (expected pca, tsne or umap)");
        }
    }

    /** "PC1", "t-SNE 1", "UMAP 1". */
    public String axisName(int component) {
        return axisPrefix + (component + 1);
    }

    /** Whether the axes are in z units (only a linear projection keeps them). */
    public boolean keepsUnits() {
        return this == PCA;
    }

    /** x (n, d) → (n, 2). */
    public float[] project(float[] x, int n, int d, long seed) {
        return project(x, n, d, seed, Progress.NONE);
    }

    /** x (n, d) → (n, 2), telling {@code progress} how far t-SNE has got (PCA is quick; UMAP does not say). */
    public float[] project(float[] x, int n, int d, long seed, Progress progress) {
        return switch (this) {
            case PCA -> Pca.fit(x, n, d, 2).transform(x, n);
            case TSNE -> Tsne.defaults(seed).embed(x, n, d, progress);
            case UMAP -> umap(x, n, d, seed);
        };
    }

    private static float[] umap(float[] x, int n, int d, long seed) {
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, rows[i], 0, d);
        }
        // One thread: the library's parallel neighbour search is not deterministic even with a seed.
        Umap umap = new Umap().setNumberComponents(2).setSeed(seed).setThreads(1).setVerbose(false)
                .setNumberNearestNeighbours(Math.min(15, n - 1));
        float[][] out = umap.fitTransform(rows);
        float[] flat = new float[n * 2];
        for (int i = 0; i < n; i++) {
            flat[2 * i] = out[i][0];
            flat[2 * i + 1] = out[i][1];
        }
        return flat;
    }
}
