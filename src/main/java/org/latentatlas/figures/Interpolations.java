package org.latentatlas.figures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Strips that walk the latent space from one image's code to another's, linearly and along a great circle. */
public final class Interpolations {
    public static final int STEPS = 9;
    /** The fewest images of a split this figure can be drawn from: each row needs two different ends. */
    public static final int MIN_IMAGES = 2;
    /** Why a split of fewer than {@link #MIN_IMAGES} cannot be drawn, for plot's skip line and refusal. */
    public static final String WHY_MIN_IMAGES = "the interpolation figure walks from one image to another";

    private Interpolations() {}

    /** Pairs of classes (by index), or random pairs when {@code classPairs} is empty. */
    public static TiledFigure figure(FigureContext ctx, List<int[]> classPairs, int randomPairs, long seed) {
        List<int[]> pairs = new ArrayList<>();
        for (int[] cp : classPairs) {
            pairs.add(new int[] {Picks.medoid(ctx, cp[0]), Picks.medoid(ctx, cp[1])});
        }
        if (classPairs.isEmpty()) {
            pairs.addAll(Picks.randomPairs(ctx, randomPairs, seed));
        }
        int d = ctx.latentDim();
        int dim = ctx.data().dim();
        int cols = STEPS + 2;
        int rows = 2 * pairs.size();
        float[] pixels = new float[rows * cols * dim];
        List<String> rowLabels = new ArrayList<>();
        Set<Integer> rowBreaks = new HashSet<>();
        for (int p = 0; p < pairs.size(); p++) {
            int a = pairs.get(p)[0];
            int b = pairs.get(p)[1];
            String pair = ctx.className(ctx.data().labels()[a]) + " → " + ctx.className(ctx.data().labels()[b]);
            float[] za = slice(ctx.encoding().mu(), a, d);
            float[] zb = slice(ctx.encoding().mu(), b, d);
            fillRow(ctx, pixels, 2 * p, a, b, linear(za, zb));
            fillRow(ctx, pixels, 2 * p + 1, a, b, spherical(za, zb));
            rowLabels.add(pair + ", linear");
            rowLabels.add(pair + ", spherical");
            rowBreaks.add(2 * p + 1);
        }
        List<String> colLabels = new ArrayList<>();
        colLabels.add("input");
        for (int s = 0; s < STEPS; s++) {
            colLabels.add(String.format(Locale.ROOT, "%.2f", s / (double) (STEPS - 1)).replaceFirst("0+$", "")
                    .replaceFirst("\\.$", ""));
        }
        colLabels.add("input");
        ImageTable table = ImageTable.of(rows, cols, ctx.data().height(), ctx.data().width(), pixels)
                .withRowLabels(rowLabels).withColumnLabels(colLabels)
                .withAxes("t: fraction of the way from the left image's μ to the right image's μ", "")
                .withBreaks(Set.of(0, STEPS), rowBreaks);
        return new TiledFigure("interpolation", "Interpolation in latent space between the codes of two images",
                ctx.caption(), table, List.of("Endpoints: " + endpoints(ctx, classPairs, seed) + ". Outer columns"
                        + " are the input images; inner columns decode z(t). Linear: z = (1−t)·μa + t·μb. Spherical (slerp, White 2016): moves "
                        + "along the great circle between μa and μb, keeping |z| closer to where the prior has its mass."));
    }

    /** How the ends were picked; random pairs come from two classes only where the split holds two. */
    private static String endpoints(FigureContext ctx, List<int[]> classPairs, long seed) {
        if (!classPairs.isEmpty()) {
            return "a typical " + ctx.split() + " image (class medoid in z) of each chosen class";
        }
        long classes = Arrays.stream(ctx.data().labels()).distinct().count();
        if (classes < 2) {
            return "random pairs of " + ctx.split() + " images (seed " + seed + "), all of one class: the split holds"
                    + " no other";
        }
        return "random pairs of " + ctx.split() + " images from two different classes, no pair of classes twice"
                + " while another is left (seed " + seed + ")";
    }

    private static void fillRow(FigureContext ctx, float[] pixels, int row, int a, int b, float[] path) {
        int dim = ctx.data().dim();
        int cols = STEPS + 2;
        float[] decoded = ctx.vae().decode(path, STEPS);
        System.arraycopy(ctx.data().pixels(), a * dim, pixels, (row * cols) * dim, dim);
        System.arraycopy(decoded, 0, pixels, (row * cols + 1) * dim, STEPS * dim);
        System.arraycopy(ctx.data().pixels(), b * dim, pixels, (row * cols + cols - 1) * dim, dim);
    }

    static float[] slice(float[] a, int i, int d) {
        float[] out = new float[d];
        System.arraycopy(a, i * d, out, 0, d);
        return out;
    }

    /** (STEPS, d): (1−t)·a + t·b. */
    static float[] linear(float[] a, float[] b) {
        int d = a.length;
        float[] out = new float[STEPS * d];
        for (int s = 0; s < STEPS; s++) {
            double t = s / (double) (STEPS - 1);
            for (int k = 0; k < d; k++) {
                out[s * d + k] = (float) ((1 - t) * a[k] + t * b[k]);
            }
        }
        return out;
    }

    /** (STEPS, d): slerp(a, b; t) = sin((1−t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b, Ω the angle between a and b. */
    static float[] spherical(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        double cos = dot / Math.sqrt(Math.max(na * nb, 1e-30));
        double omega = StrictMath.acos(Math.max(-1, Math.min(1, cos)));
        if (StrictMath.sin(omega) < 1e-6) { // (anti)parallel codes: the great circle is undefined, so walk the chord
            return linear(a, b);
        }
        int d = a.length;
        float[] out = new float[STEPS * d];
        for (int s = 0; s < STEPS; s++) {
            double t = s / (double) (STEPS - 1);
            double wa = StrictMath.sin((1 - t) * omega) / StrictMath.sin(omega);
            double wb = StrictMath.sin(t * omega) / StrictMath.sin(omega);
            for (int k = 0; k < d; k++) {
                out[s * d + k] = (float) (wa * a[k] + wb * b[k]);
            }
        }
        return out;
    }
}
