package org.latentatlas.eval;

import java.util.Locale;
import tagbio.umap.ProgressListener;
import tagbio.umap.ProgressState;
import tagbio.umap.Umap;
import tagbio.umap.UmapProgress;

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

    /**
     * The fewest points UMAP can flatten: it is asked for min(15, n − 1) nearest neighbours, and the library refuses
     * fewer than 2 ("Number of neighbors must be greater than 2.", which names neither n nor a fix).
     */
    static final int UMAP_MIN_POINTS = 3;

    /** The fewest points this projection can flatten: PCA any number, t-SNE and UMAP a few. */
    public int minPoints() {
        return switch (this) {
            case PCA -> 1;
            case TSNE -> Tsne.MIN_POINTS;
            case UMAP -> UMAP_MIN_POINTS;
        };
    }

    /** Whether the axes are in z units (only a linear projection keeps them). */
    public boolean keepsUnits() {
        return this == PCA;
    }

    /** x (n, d) → (n, 2). */
    public float[] project(float[] x, int n, int d, long seed) {
        return project(x, n, d, seed, Progress.NONE);
    }

    /** x (n, d) → (n, 2), telling {@code progress} how far t-SNE or UMAP has got (PCA is quick). */
    public float[] project(float[] x, int n, int d, long seed, Progress progress) {
        return switch (this) {
            case PCA -> Pca.fit(x, n, d, 2).transform(x, n);
            case TSNE -> Tsne.defaults(seed).embed(x, n, d, progress);
            case UMAP -> umap(x, n, d, seed, progress);
        };
    }

    /**
     * The epochs of UMAP's layout of n points, as the library picks them when given none (500 up to 10,000 points,
     * 200 beyond): given explicitly, so its progress has a total, and the same number keeps the same picture.
     */
    static int umapEpochs(int n) {
        return n <= 10_000 ? 500 : 200;
    }

    private static float[] umap(float[] x, int n, int d, long seed, Progress progress) {
        if (n < UMAP_MIN_POINTS) {
            throw new IllegalArgumentException("UMAP needs at least " + UMAP_MIN_POINTS + " points, got " + n
                    + " of " + d + " dimensions");
        }
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, rows[i], 0, d);
        }
        // One thread: the library's parallel neighbour search is not deterministic even with a seed.
        Umap umap = new Umap().setNumberComponents(2).setSeed(seed).setThreads(1).setVerbose(false)
                .setNumberNearestNeighbours(Math.min(15, n - 1)).setNumberEpochs(umapEpochs(n));
        UmapSteps steps = new UmapSteps(progress, umapEpochs(n), Thread.currentThread());
        UmapProgress.addProgressListener(steps);
        float[][] out;
        try {
            out = umap.fitTransform(rows);
        } finally {
            UmapProgress.removeProgressListener(steps);
        }
        steps.finish();
        float[] flat = new float[n * 2];
        for (int i = 0; i < n; i++) {
            flat[2 * i] = out[i][0];
            flat[2 * i + 1] = out[i][1];
        }
        return flat;
    }

    /**
     * The UMAP library's progress as two phases: the neighbour graph, then the layout's epochs, which take most of
     * the time (1.7 s of 5 s for 3,000 20-D points on this machine, 2.8 s of 13 s for 10,000). The library keeps one
     * global tally of steps, tells its listeners at most every half second, and adds the epochs to its total only
     * once the graph is built: from then on its total exceeds the epochs (the graph's steps alone are a few dozen for
     * any set a figure draws, 40 for 60,000 points), and the steps past the graph's are the epochs done.
     */
    static final class UmapSteps implements ProgressListener {
        private final Progress progress;
        private final int epochs;
        private final Thread owner;
        private boolean laying; // the epochs' phase has begun
        private long done;      // epochs told to progress

        /** @param owner the thread running this projection: the tally is global, another's run is not this one */
        UmapSteps(Progress progress, int epochs, Thread owner) {
            this.progress = progress;
            this.epochs = epochs;
            this.owner = owner;
            progress.phase("UMAP neighbour graph", 1, " graph");
        }

        @Override
        public void updated(ProgressState state) {
            if (Thread.currentThread() != owner || state.getTotal() <= epochs) {
                return;
            }
            layout(state.getCount() - (state.getTotal() - epochs));
        }

        /** The projection is over: the graph and every epoch are done, whatever the last report said. */
        void finish() {
            layout(epochs);
            progress.finish();
        }

        private void layout(long epochsDone) {
            if (!laying) {
                progress.advance(1);
                progress.phase("UMAP", epochs, " epochs");
                laying = true;
            }
            long now = Math.min(epochs, epochsDone);
            if (now > done) {
                done = now;
                progress.advance(now);
            }
        }
    }
}
