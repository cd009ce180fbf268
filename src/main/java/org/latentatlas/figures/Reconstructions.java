package org.latentatlas.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.latentatlas.model.Likelihood;

/** Inputs above what the model makes of them: x, then decode(μ(x)). */
public final class Reconstructions {
    private static final int MAX_COLUMNS = 10;
    private static final int BLOCKS = 2;

    private Reconstructions() {}

    /**
     * The examples shown, block by block ({@code cols} to a block), and how they were picked.
     *
     * @param indices      examples of the split, block-major
     * @param cols         columns of the table
     * @param columnLabels the class of each column, or empty where a column mixes classes
     * @param how          how they were picked, for the note: it must say what is drawn
     */
    record Chosen(int[] indices, int cols, List<String> columnLabels, String how) {
        int blocks() {
            return indices.length / cols;
        }
    }

    public static TiledFigure figure(FigureContext ctx) {
        Chosen chosen = choose(ctx);
        int[] shown = chosen.indices();
        int cols = chosen.cols();
        int dim = ctx.data().dim();
        float[] recon = ctx.vae().decode(LatentScatter.rows(ctx.encoding().mu(), shown, ctx.latentDim()), shown.length);
        float[] pixels = new float[2 * shown.length * dim];
        List<String> rowLabels = new ArrayList<>();
        for (int blk = 0; blk < chosen.blocks(); blk++) {
            for (int c = 0; c < cols; c++) {
                int i = blk * cols + c;
                System.arraycopy(ctx.data().pixels(), shown[i] * dim, pixels, ((2 * blk) * cols + c) * dim, dim);
                System.arraycopy(recon, i * dim, pixels, ((2 * blk + 1) * cols + c) * dim, dim);
            }
            rowLabels.add("input x");
            rowLabels.add("reconstruction");
        }
        ImageTable table = ImageTable.of(2 * chosen.blocks(), cols, ctx.data().height(), ctx.data().width(), pixels)
                .withRowLabels(rowLabels).withColumnLabels(chosen.columnLabels()).withBreaks(Set.of(), Set.of(1));
        return new TiledFigure("reconstructions", "Reconstructions: " + ctx.split() + " images and what the decoder "
                + "makes of their codes", ctx.caption(), table,
                List.of("Each reconstruction decodes " + (ctx.autoencoder() ? "the code z = μ(x)" : "the posterior "
                        + "mean μ(x)") + " and shows the mean of p(x|z) (pixel darkness = "
                        + darkness(ctx.vae().likelihood(), ctx.data().levels() == 1) + "). " + provenance(ctx.split())
                        + ". Shown: " + chosen.how()
                        + "."));
    }

    /**
     * What a decoded pixel's darkness is under {@code likelihood}, for the note: "probability of ink" holds only for a
     * Bernoulli on binary pixels. The same sigmoid is the expected count ÷ n of a Binomial(n), and σ(logit) fitted to
     * grayscale values by a cross-entropy is no probability of anything the data holds.
     *
     * @param binaryData the pixels are 0/1 (binarized, or so stored), as evaluate tells them
     */
    static String darkness(Likelihood likelihood, boolean binaryData) {
        if (likelihood instanceof Likelihood.Bernoulli) {
            return binaryData ? "probability of ink" : "σ(logit), which the Bernoulli cross-entropy fits to the"
                    + " grayscale value, not a probability of ink";
        }
        if (likelihood instanceof Likelihood.Binomial binomial) {
            return "expected count ÷ " + binomial.n() + ", the count of ink out of " + binomial.n()
                    + " scaled to [0, 1] as the inputs are";
        }
        if (likelihood instanceof Likelihood.ContinuousBernoulli) {
            return "the continuous Bernoulli's mean, not its parameter λ";
        }
        if (likelihood.density()) { // a Gaussian, fixed or learned σ: its mean is the decoder's output
            return "the Gaussian's mean, clipped to [0, 1]";
        }
        throw new IllegalArgumentException("no wording for the pixels of likelihood " + likelihood.spec());
    }

    /** Whether the model learned from these very images: the first thing to know when judging a reconstruction. */
    static String provenance(String split) {
        return split.equals("train") ? "Images are from the training split: the model was trained on them"
                : "Images were not seen in training";
    }

    /** A column per class the split holds, while they fit; else the split's first images, whatever their class. */
    static Chosen choose(FigureContext ctx) {
        List<Integer> present = new ArrayList<>();
        for (int c = 0; c < ctx.data().classNames().size(); c++) {
            if (!Picks.membersOf(ctx, c).isEmpty()) {
                present.add(c);
            }
        }
        return present.size() <= MAX_COLUMNS ? perClass(ctx, present) : firstImages(ctx, present.size());
    }

    /** The first {@link #BLOCKS} examples of each class, or as many as the smallest class has. */
    private static Chosen perClass(FigureContext ctx, List<Integer> classes) {
        List<List<Integer>> members = new ArrayList<>();
        int blocks = BLOCKS;
        for (int c : classes) {
            members.add(Picks.membersOf(ctx, c));
            blocks = Math.min(blocks, members.get(members.size() - 1).size());
        }
        int cols = classes.size();
        int[] out = new int[blocks * cols];
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            for (int blk = 0; blk < blocks; blk++) {
                out[blk * cols + c] = members.get(c).get(blk);
            }
            labels.add(ctx.className(classes.get(c)));
        }
        return new Chosen(out, cols, labels, perClassWords(ctx, classes, members, blocks));
    }

    /** "the first two test images of each class", saying why there are fewer, and which classes are missing. */
    private static String perClassWords(FigureContext ctx, List<Integer> classes, List<List<Integer>> members,
                                        int blocks) {
        String how = blocks == BLOCKS ? "the first two " + ctx.split() + " images of each class"
                : "the first " + ctx.split() + " image of each class";
        if (blocks < BLOCKS) {
            int single = classes.get(members.stream().map(List::size).toList().indexOf(1));
            how += " (" + ctx.className(single) + " has only one there)";
        }
        int all = ctx.data().classNames().size();
        if (classes.size() < all) {
            how += "; the split holds " + classes.size() + " of the " + all + " classes";
        }
        return how;
    }

    /** More classes than columns: the first images of the split, two rows of columns that mix classes. */
    private static Chosen firstImages(FigureContext ctx, int classes) {
        // Whole rows of columns: more than ten classes are more than ten images.
        int count = Math.min(ctx.data().size() / MAX_COLUMNS, BLOCKS) * MAX_COLUMNS;
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = i;
        }
        return new Chosen(out, MAX_COLUMNS, List.of(), "the first " + count + " " + ctx.split() + " images in the"
                + " split's order, whatever their class (it holds " + classes + " classes, more than "
                + MAX_COLUMNS + " columns)");
    }
}
