package org.latentatlas.data;

import java.util.ArrayList;
import java.util.List;
import org.latentatlas.math.Rng;

/**
 * A train/test pair.
 *
 * @param train the examples the model learns from
 * @param test  held-out examples, never seen in training
 */
public record Split(Dataset train, Dataset test) {

    /**
     * A seeded stratified split: each class contributes to the test set in proportion to its size (largest
     * remainders decide the rounding), so both halves keep the class balance. Same seed, same split.
     */
    public static Split stratified(Dataset all, int testCount, long seed) {
        if (testCount < 1 || testCount >= all.size()) {
            throw new IllegalArgumentException(all.name() + ": test count must be in 1.." + (all.size() - 1)
                    + ", got " + testCount);
        }
        int classes = all.classNames().size();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            byClass.get(all.labels()[i]).add(i);
        }
        int[] quota = quotas(all.classCounts(), testCount, all.size());
        Rng rng = new Rng(seed);
        List<Integer> test = new ArrayList<>();
        List<Integer> train = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int[] idx = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            rng.shuffle(idx);
            for (int i = 0; i < idx.length; i++) {
                (i < quota[c] ? test : train).add(idx[i]);
            }
        }
        // Sorted so the subsets keep the source order: the split depends only on the seed.
        int[] testIdx = test.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] trainIdx = train.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Split(all.subset(trainIdx, ""), all.subset(testIdx, ""));
    }

    private static int[] quotas(int[] counts, int testCount, int total) {
        int[] quota = new int[counts.length];
        double[] remainder = new double[counts.length];
        int assigned = 0;
        for (int c = 0; c < counts.length; c++) {
            double exact = (double) counts[c] * testCount / total;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            assigned += quota[c];
        }
        while (assigned < testCount) {
            int best = -1;
            for (int c = 0; c < counts.length; c++) {
                if (quota[c] < counts[c] && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            assigned++;
        }
        return quota;
    }
}
