package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.latentatlas.math.Parallel;
import org.latentatlas.math.Rng;

class NearestNeighboursTest {
    /** Points on a small integer grid, so that many distances tie and some points coincide. */
    private static float[] grid(int n, int d, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * d]; // (n, d)
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextInt(4);
        }
        return x;
    }

    @Test
    void eachRowHoldsTheKClosestByBruteForceTiesToTheLowerIndexListedByIndex() {
        int n = 300;
        int d = 3;
        int k = 12;
        float[] x = grid(n, d, 1);
        NearestNeighbours found;
        try (Parallel two = new Parallel(2)) {
            found = NearestNeighbours.find(x, n, d, k, two, Progress.NONE);
        }
        for (int i = 0; i < n; i++) {
            int row = i;
            int[] expected = IntStream.range(0, n).filter(j -> j != row).boxed()
                    .sorted(Comparator.comparingDouble((Integer j) -> TsneAffinities.squaredDistance(x, d, row, j))
                            .thenComparingInt(j -> j))
                    .limit(k).mapToInt(Integer::intValue).sorted().toArray();
            assertThat(Arrays.copyOfRange(found.indices(), i * k, (i + 1) * k)).as("row %d", i)
                    .containsExactly(expected);
            for (int s = 0; s < k; s++) {
                assertThat(found.distances()[i * k + s])
                        .isEqualTo(TsneAffinities.squaredDistance(x, d, i, expected[s]));
            }
        }
    }

    @Test
    void tellsItsProgressInBlocksEndingAtEveryPoint() {
        long[] last = {0};
        int[] reports = {0};
        Progress progress = new Progress() {
            @Override
            public void phase(String what, long total, String unit) {
            }

            @Override
            public void advance(long done) {
                assertThat(done).isGreaterThan(last[0]);
                last[0] = done;
                reports[0]++;
            }
        };
        NearestNeighbours.find(grid(600, 2, 2), 600, 2, 5, Parallel.shared(), progress);
        assertThat(last[0]).isEqualTo(600);
        assertThat(reports[0]).isGreaterThan(1);
    }

    @Test
    void asksForAsManyNeighboursAsThereAreOtherPointsAtMost() {
        assertThatThrownBy(() -> NearestNeighbours.find(grid(10, 2, 3), 10, 2, 10, Parallel.shared(), Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..9").hasMessageContaining("10");
    }
}
