package org.latentatlas.figures;

import java.util.ArrayList;
import java.util.List;
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
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < d; u++) {
                mean[u] += mu[i * d + u] / (double) n;
            }
        }
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

    /** {@code count} seeded pairs of examples from different classes. */
    static List<int[]> randomPairs(FigureContext ctx, int count, long seed) {
        Rng rng = new Rng(seed);
        int n = ctx.data().size();
        int[] labels = ctx.data().labels();
        List<int[]> pairs = new ArrayList<>();
        for (int tries = 0; pairs.size() < count && tries < 1000 * count; tries++) {
            int a = rng.nextInt(n);
            int b = rng.nextInt(n);
            if (labels[a] != labels[b] || ctx.data().classNames().size() == 1) {
                pairs.add(new int[] {a, b});
            }
        }
        return pairs;
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
