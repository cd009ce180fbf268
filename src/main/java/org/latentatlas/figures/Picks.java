package org.latentatlas.figures;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.latentatlas.eval.LatentStatistics;
import org.latentatlas.math.Rng;

/** Choosing which examples a figure shows: typical members of a class, seeded random pairs. */
final class Picks {
    private Picks() {}

    /**
     * The medoid of class c in μ space: the member with the smallest summed distance to the others, a
     * typical example rather than the first one in the file.
     */
    static int medoid(FigureContext ctx, int label) {
        float[] mu = ctx.encoding().mu();
        int d = ctx.latentDim();
        List<Integer> members = membersOf(ctx, label);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("class '" + ctx.data().classNames().get(label) + "' has no examples in the "
                    + ctx.split() + " split");
        }
        int best = members.get(0);
        double bestSum = Double.POSITIVE_INFINITY;
        for (int i : members) {
            double sum = 0;
            for (int j : members) {
                sum += distance(mu, i, j, d);
            }
            if (sum < bestSum) {
                bestSum = sum;
                best = i;
            }
        }
        return best;
    }

    static List<Integer> membersOf(FigureContext ctx, int label) {
        List<Integer> members = new ArrayList<>();
        int[] labels = ctx.data().labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                members.add(i);
            }
        }
        return members;
    }

    /** The example whose μ is nearest the mean μ of the split: a central, ordinary code. */
    static int central(FigureContext ctx) {
        float[] mu = ctx.encoding().mu();
        int d = ctx.latentDim();
        int n = ctx.data().size();
        double[] mean = LatentStatistics.mean(mu, n, d);
        int best = 0;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int u = 0; u < d; u++) {
                double diff = mu[i * d + u] - mean[u];
                s += diff * diff;
            }
            if (s < bestDist) {
                bestDist = s;
                best = i;
            }
        }
        return best;
    }

    /**
     * {@code count} seeded pairs of examples, each from two different classes, with no unordered pair of classes
     * drawn twice while another is left: the classes of a pair are drawn uniformly from those the split holds, then
     * one member of each. Only once every pair of classes has been drawn does a round start again. A split of one
     * class gives pairs within it, of two different images: one image to itself would draw a row of one picture.
     *
     * @throws IllegalArgumentException where the split holds a single image, which leaves no second end
     */
    static List<int[]> randomPairs(FigureContext ctx, int count, long seed) {
        int n = ctx.data().size();
        if (n < Interpolations.MIN_IMAGES) { // plot skips or refuses the figure first; a guard for other callers
            throw new IllegalArgumentException(Interpolations.WHY_MIN_IMAGES + ", and the "
                    + ctx.split() + " split holds " + n + " image" + (n == 1 ? "" : "s") + ": draw from a larger"
                    + " split, or leave interpolation out with --only");
        }
        Rng rng = new Rng(seed);
        List<List<Integer>> classes = new ArrayList<>(); // the members of each class present, in label order
        for (int c = 0; c < ctx.data().classNames().size(); c++) {
            List<Integer> members = membersOf(ctx, c);
            if (!members.isEmpty()) {
                classes.add(members);
            }
        }
        int k = classes.size();
        List<int[]> pairs = new ArrayList<>();
        if (k < 2) {
            for (int p = 0; p < count; p++) {
                int a = rng.nextInt(n);
                pairs.add(new int[] {a, other(a, n, rng)});
            }
            return pairs;
        }
        long classPairs = (long) k * (k - 1) / 2;
        Set<Long> drawn = new HashSet<>(); // unordered pairs of this round, as min·k + max
        while (pairs.size() < count) {
            if (drawn.size() == classPairs) {
                drawn.clear();
            }
            int a = rng.nextInt(k);
            int b = other(a, k, rng);
            if (drawn.add((long) Math.min(a, b) * k + Math.max(a, b))) {
                pairs.add(new int[] {member(classes.get(a), rng), member(classes.get(b), rng)});
            }
        }
        return pairs;
    }

    /** Uniformly one of 0..bound−1 other than {@code a}: one draw, so the same seed gives the same picks. */
    private static int other(int a, int bound, Rng rng) {
        int b = rng.nextInt(bound - 1);
        return b >= a ? b + 1 : b;
    }

    private static int member(List<Integer> members, Rng rng) {
        return members.get(rng.nextInt(members.size()));
    }

    private static double distance(float[] mu, int i, int j, int d) {
        double s = 0;
        for (int u = 0; u < d; u++) {
            double diff = mu[i * d + u] - mu[j * d + u];
            s += diff * diff;
        }
        return Math.sqrt(s);
    }
}
