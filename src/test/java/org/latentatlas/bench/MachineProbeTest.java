package org.latentatlas.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures bench/run prints about the machine before it measures anything else. */
class MachineProbeTest {

    private static MachineProbe.Windows windows(double[] rates, long... ends) {
        return new MachineProbe.Windows(rates, ends);
    }

    @Test
    void summaryPoolsTheWindowsOfEveryThread() {
        // Ten windows per thread: thread 0 at 90..99, thread 1 at 80..89; pooled, twenty values 80..99.
        double[] a = new double[10];
        double[] b = new double[10];
        long[] ends = new long[10];
        for (int i = 0; i < 10; i++) {
            a[i] = 90 + i;
            b[i] = 80 + i;
            ends[i] = 5 * (i + 1);
        }
        MachineProbe.Summary s = MachineProbe.summarize(List.of(windows(a, ends), windows(b, ends)));
        assertThat(s.threads()).isEqualTo(2);
        assertThat(s.windows()).isEqualTo(20);
        assertThat(s.best()).isEqualTo(99);
        assertThat(s.median()).isEqualTo(90); // sorted index 20 / 2 = 10
        assertThat(s.p10()).isEqualTo(81);    // sorted index floor(0.1 · 19) = 1
    }

    @Test
    void bothSlowCountsOnlyTheMomentsWhenEveryThreadWasSlow() {
        // Thread 0 is slow (50 < 0.9 · 100) in its 2nd and 3rd windows, thread 1 in the 3rd and 4th of its own,
        // which end at the same times: only the 3rd window's end finds both slow, once for each thread.
        long[] ends = {10, 20, 30, 40};
        MachineProbe.Windows t0 = windows(new double[] {100, 50, 50, 100}, ends);
        MachineProbe.Windows t1 = windows(new double[] {100, 100, 50, 50}, ends);
        assertThat(MachineProbe.bothSlow(List.of(t0, t1))).isCloseTo(2.0 / 8, within(1e-12));
    }

    @Test
    void aSlowWindowIsMatchedToTheOtherThreadsWindowCoveringItsEnd() {
        // Thread 1's one long slow window (ending at 40) covers thread 0's slow windows ending at 15 and 25.
        MachineProbe.Windows t0 = windows(new double[] {100, 50, 50, 100}, 5, 15, 25, 35);
        MachineProbe.Windows t1 = windows(new double[] {100, 40, 100}, 10, 40, 50);
        // Thread 0: windows ending at 15 and 25 slow together with thread 1's (10, 40]; thread 1's slow window ends at
        // 40, covered by thread 0's window ending at... none ends at or after 40 but 35 < 40: no window, not counted.
        assertThat(MachineProbe.bothSlow(List.of(t0, t1))).isCloseTo(2.0 / 7, within(1e-12));
    }

    @Test
    void oneThreadIsSlowTogetherWithNobodyElseWheneverItIsSlow() {
        MachineProbe.Windows only = windows(new double[] {100, 80, 95, 10}, 1, 2, 3, 4);
        assertThat(MachineProbe.bothSlow(List.of(only))).isCloseTo(2.0 / 4, within(1e-12));
    }

    @Test
    void coveringFindsTheFirstWindowEndingAtOrAfterATime() {
        long[] ends = {10, 20, 30};
        assertThat(MachineProbe.covering(ends, 5)).isZero();
        assertThat(MachineProbe.covering(ends, 20)).isEqualTo(1);
        assertThat(MachineProbe.covering(ends, 21)).isEqualTo(2);
        assertThat(MachineProbe.covering(ends, 31)).isEqualTo(-1);
    }

    @Test
    void everyKindOfWindowRunsItsLoopAndReportsAPositiveRate() {
        float[] buffer = new float[1 << 12];
        for (MachineProbe.Kind k : MachineProbe.Kind.values()) {
            assertThat(k.run(k == MachineProbe.Kind.STREAM ? 2 : 1_000, buffer)).as(k.label).isPositive().isFinite();
        }
    }

    @Test
    void aThreadCountBelowOneOrANonPositiveDurationIsAUsageError() {
        assertThatThrownBy(() -> MachineProbe.main(new String[] {"0", "1"}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("usage: MachineProbe")
            .hasMessageContaining("got 0 1");
        assertThatThrownBy(() -> MachineProbe.main(new String[] {"2", "0"}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("got 2 0");
    }

    @Test
    void windowsWithoutEndTimesOrWithoutAnyWindowAreRejected() {
        assertThatThrownBy(() -> windows(new double[] {1, 2}, 1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("2 rates and 1 end times");
        assertThatThrownBy(() -> windows(new double[0]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least one window");
        assertThatThrownBy(() -> MachineProbe.summarize(List.of()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no thread ran a window");
    }
}
