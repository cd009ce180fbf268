package org.latentatlas.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Inputs above what the model makes of them: x, then decode(μ(x)). */
public final class Reconstructions {
    private static final int MAX_COLUMNS = 10;
    private static final int BLOCKS = 2;

    private Reconstructions() {}

    public static TiledFigure figure(FigureContext ctx) {
        int classes = ctx.data().classNames().size();
        int cols = Math.min(MAX_COLUMNS, Math.max(classes, 1));
        int[] chosen = choose(ctx, cols);
        cols = Math.min(cols, chosen.length); // a split of 5 images fills 5 columns, not 10
        int dim = ctx.data().dim();
        int d = ctx.latentDim();
        float[] mu = LatentScatter.rows(ctx.encoding().mu(), chosen, d);
        float[] recon = ctx.vae().decode(mu, chosen.length);
        float[] pixels = new float[2 * chosen.length * dim];
        List<String> rowLabels = new ArrayList<>();
        int blocks = Math.max(1, chosen.length / cols);
        for (int blk = 0; blk < blocks; blk++) {
            for (int c = 0; c < cols; c++) {
                int i = blk * cols + c;
                System.arraycopy(ctx.data().pixels(), chosen[i] * dim, pixels, ((2 * blk) * cols + c) * dim, dim);
                System.arraycopy(recon, i * dim, pixels, ((2 * blk + 1) * cols + c) * dim, dim);
            }
            rowLabels.add("input x");
            rowLabels.add("reconstruction");
        }
        List<String> colLabels = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            colLabels.add(ctx.className(ctx.data().labels()[chosen[c]]));
        }
        ImageTable table = ImageTable.of(2 * blocks, cols, ctx.data().height(), ctx.data().width(), pixels)
                .withRowLabels(rowLabels).withColumnLabels(classes <= MAX_COLUMNS ? colLabels : List.of())
                .withBreaks(Set.of(), Set.of(1));
        return new TiledFigure("reconstructions", "Reconstructions: " + ctx.split() + " images and what the decoder "
                + "makes of their codes", ctx.caption(), table,
                List.of("Each reconstruction decodes the posterior mean μ(x) and shows the mean of p(x|z) (pixel "
                        + "darkness = probability of ink). " + provenance(ctx.split()) + "; two per class, the "
                        + "first ones in the split."));
    }

    /** Whether the model learned from these very images: the first thing to know when judging a reconstruction. */
    static String provenance(String split) {
        return split.equals("train") ? "Images are from the training split: the model was trained on them"
                : "Images were not seen in training";
    }

    /** The first {@link #BLOCKS} examples of each of the first {@code cols} classes, block by block. */
    private static int[] choose(FigureContext ctx, int cols) {
        List<List<Integer>> perClass = new ArrayList<>();
        int blocks = BLOCKS;
        for (int c = 0; c < cols; c++) {
            List<Integer> members = Picks.membersOf(ctx, c);
            perClass.add(members);
            blocks = Math.min(blocks, members.size());
        }
        if (blocks == 0 || ctx.data().classNames().size() > MAX_COLUMNS) {
            return firstN(ctx.data().size(), cols);
        }
        int[] out = new int[blocks * cols];
        for (int blk = 0; blk < blocks; blk++) {
            for (int c = 0; c < cols; c++) {
                out[blk * cols + c] = perClass.get(c).get(blk);
            }
        }
        return out;
    }

    private static int[] firstN(int n, int cols) {
        int count = Math.min(n / cols, BLOCKS) * cols;
        int[] out = new int[Math.max(count, Math.min(n, cols))];
        for (int i = 0; i < out.length; i++) {
            out[i] = i;
        }
        return out;
    }
}
