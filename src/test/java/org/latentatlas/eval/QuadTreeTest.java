package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuadTreeTest {
    /** Σ_j w_ij and Σ_j w_ij² (y_i − y_j) over all j ≠ i: {z, fx, fy}. */
    private static double[] bruteForce(double[] y, int i) {
        double[] out = new double[3];
        for (int j = 0; j < y.length / 2; j++) {
            if (j != i) {
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double w = 1 / (1 + dx * dx + dy * dy);
                out[0] += w;
                out[1] += w * w * dx;
                out[2] += w * w * dy;
            }
        }
        return out;
    }

    private static void assertExactAtThetaZero(double[] y) {
        int n = y.length / 2;
        QuadTree tree = new QuadTree(n, 0);
        tree.build(y);
        double[] force = new double[2 * n];
        int[] stack = new int[QuadTree.stackSize()];
        for (int i = 0; i < n; i++) {
            double z = tree.repulsion(i, force, stack);
            double[] expected = bruteForce(y, i);
            assertThat(z).as("Z part of point %d", i).isCloseTo(expected[0], within(1e-12 * expected[0]));
            assertThat(force[2 * i]).as("x force on %d", i).isCloseTo(expected[1], within(1e-12));
            assertThat(force[2 * i + 1]).as("y force on %d", i).isCloseTo(expected[2], within(1e-12));
        }
    }

    @Test
    void pointsAtTheSamePlaceShareALeafAndStillCountOneByOne() {
        // five points twice, one three times, and two apart
        double[] y = {0, 0, 1, 1, 0, 0, 2, -1, 1, 1, 0, 0, 3, 3, 2, -1, -4, 0.5, 1, 1, 1, 1.5, 3, 3, 0, 0};
        assertExactAtThetaZero(y);
    }

    @Test
    void aLayoutOfOnePlaceHasNoForcesAndEveryOtherPointAtWeightOne() {
        double[] y = new double[2 * 7];
        java.util.Arrays.fill(y, 2.5);
        QuadTree tree = new QuadTree(7, 0.5);
        tree.build(y);
        double[] force = new double[14];
        assertThat(tree.repulsion(3, force, new int[QuadTree.stackSize()])).isEqualTo(6);
        assertThat(force).containsOnly(0);
        assertThat(tree.size()).isEqualTo(1);
    }

    @Test
    void pointsCloserThanRoundingStopSplittingAtTheMaximumDepth() {
        double[] y = {1, 1, Math.nextUp(1.0), 1, 1, Math.nextUp(1.0), -1e6, 1e6};
        QuadTree tree = new QuadTree(4, 0);
        tree.build(y);
        assertThat(tree.size()).isLessThanOrEqualTo(1 + 4 * QuadTree.MAX_DEPTH);
        assertExactAtThetaZero(y);
    }

    @Test
    void theLeafOrderListsEveryPointOnceThoseAtOnePlaceTogether() {
        double[] y = {0, 0, 1, 1, 0, 0, 2, -1, 1, 1, 0, 0, 3, 3, 2, -1, -4, 0.5, 1, 1};
        QuadTree tree = new QuadTree(10, 0.5);
        tree.build(y);
        int[] order = new int[10];
        tree.leafOrder(order);
        assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        String places = java.util.Arrays.stream(order).mapToObj(i -> y[2 * i] + "," + y[2 * i + 1])
                .reduce("", (a, b) -> a.endsWith(b + ";") ? a : a + b + ";");
        assertThat(places.split(";")).as("each place once: its points are listed together").doesNotHaveDuplicates();
    }

    /** Beyond 1/√2 a cell holding the point could stand in for it, counting the point's pull on itself. */
    @Test
    void aThetaAboveOneOverRootTwoIsRefusedWithItsValue() {
        assertThatThrownBy(() -> new QuadTree(4, 0.75)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.75").hasMessageContaining("0.7]");
        assertThatThrownBy(() -> new QuadTree(4, -0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.1");
    }
}
