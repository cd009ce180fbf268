package org.latentatlas.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The worker pool under the GEMMs: every part exactly once, failures surfaced, concurrent callers safe. */
class GemmParallelTest {

    @Test
    void everyPartRunsExactlyOnceEvenWithMorePartsThanThreads() {
        try (Parallel pool = new Parallel(3)) {
            for (int parts : new int[] {1, 2, 3, 7, 64}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                for (int call = 0; call < 200; call++) {
                    pool.forEach(parts, runs::incrementAndGet);
                }
                for (int p = 0; p < parts; p++) {
                    assertThat(runs.get(p)).as("part %d of %d", p, parts).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void partsRunningAtOnceNeverShareAParticipantNumber() throws Exception {
        try (Parallel pool = new Parallel(3); Parallel other = new Parallel(2)) {
            Map<Thread, Integer> numbers = new ConcurrentHashMap<>();
            AtomicIntegerArray running = new AtomicIntegerArray(pool.threads()); // parts running under each number
            for (int call = 0; call < 200; call++) {
                pool.forEach(12, part -> {
                    int me = pool.participant();
                    assertThat(me).isBetween(0, pool.threads() - 1);
                    assertThat(numbers.computeIfAbsent(Thread.currentThread(), t -> me)).as("one thread, one number")
                            .isEqualTo(me);
                    assertThat(running.incrementAndGet(me)).as("parts running as participant %d", me).isEqualTo(1);
                    long until = System.nanoTime() + 20_000; // long enough for the workers to claim parts too
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    running.decrementAndGet(me);
                });
            }
            assertThat(numbers.get(Thread.currentThread())).as("the calling thread").isZero();
            assertThat(numbers).as("threads that ran parts").hasSizeGreaterThan(1);
            assertThat(new HashSet<>(numbers.values())).hasSameSizeAs(numbers.values());
            // Threads that are not this pool's workers are all 0 here: another thread, another pool's workers.
            ExecutorService outside = Executors.newSingleThreadExecutor();
            try {
                assertThat(outside.submit(pool::participant).get()).isZero();
            } finally {
                outside.shutdown();
            }
            Set<Integer> inOtherPool = ConcurrentHashMap.newKeySet();
            for (int call = 0; call < 50; call++) {
                other.forEach(4, part -> inOtherPool.add(pool.participant()));
            }
            assertThat(inOtherPool).containsExactly(0);
        }
    }

    @Test
    void rangesCoverEveryUnitExactlyOnceAndSmallPassesStayOnTheCaller() {
        try (Parallel pool = new Parallel(3)) {
            for (int units : new int[] {0, 1, 2, 5, 6, 7, 1000}) {
                AtomicIntegerArray always = new AtomicIntegerArray(Math.max(1, units));
                AtomicIntegerArray large = new AtomicIntegerArray(Math.max(1, units));
                pool.forEachRange(units, (from, to) -> countUnits(always, from, to));
                pool.forEachRange(units, Parallel.PARALLEL_MIN_ELEMENTS, (from, to) -> countUnits(large, from, to));
                for (int u = 0; u < units; u++) {
                    assertThat(always.get(u)).as("unit %d of %d, always split", u, units).isEqualTo(1);
                    assertThat(large.get(u)).as("unit %d of %d, large pass", u, units).isEqualTo(1);
                }
            }
            int[] ranges = new int[1];
            Thread caller = Thread.currentThread();
            pool.forEachRange(1000, Parallel.PARALLEL_MIN_ELEMENTS - 1, (from, to) -> {
                assertThat(Thread.currentThread()).isSameAs(caller);
                assertThat(new int[] {from, to}).containsExactly(0, 1000);
                ranges[0]++;
            });
            assertThat(ranges[0]).as("ranges of a pass under the threshold").isEqualTo(1);
        }
    }

    @Test
    void passesOfExponentialsSplitFromTheirOwnThresholdAndCoverEveryUnitOnce() {
        try (Parallel pool = new Parallel(3)) {
            Thread caller = Thread.currentThread();
            int[] ranges = new int[1];
            pool.forEachRangeOfExps(Parallel.PARALLEL_MIN_EXPS - 1, (from, to) -> {
                assertThat(Thread.currentThread()).isSameAs(caller);
                assertThat(new int[] {from, to}).containsExactly(0, Parallel.PARALLEL_MIN_EXPS - 1);
                ranges[0]++;
            });
            assertThat(ranges[0]).as("ranges of a pass under the threshold").isEqualTo(1);
            int units = Parallel.PARALLEL_MIN_EXPS;
            AtomicIntegerArray runs = new AtomicIntegerArray(units);
            int[] split = new int[1];
            pool.forEachRangeOfExps(units, (from, to) -> {
                countUnits(runs, from, to);
                synchronized (split) {
                    split[0]++;
                }
            });
            for (int u = 0; u < units; u++) {
                assertThat(runs.get(u)).as("unit %d of %d", u, units).isEqualTo(1);
            }
            assertThat(split[0]).as("ranges of a pass at the threshold").isEqualTo(6); // two per thread
        }
    }

    @Test
    void copiesSplitFromTheirOwnLowerThresholdAndCoverEveryUnitOnce() {
        assertThat(Parallel.PARALLEL_MIN_COPIES).isLessThan(Parallel.PARALLEL_MIN_ELEMENTS);
        try (Parallel pool = new Parallel(3)) {
            Thread caller = Thread.currentThread();
            int[] ranges = new int[1];
            pool.forEachRangeOfCopies(100, Parallel.PARALLEL_MIN_COPIES - 1, (from, to) -> {
                assertThat(Thread.currentThread()).isSameAs(caller);
                assertThat(new int[] {from, to}).containsExactly(0, 100);
                ranges[0]++;
            });
            assertThat(ranges[0]).as("ranges of a copy under the threshold").isEqualTo(1);
            int units = 100;
            AtomicIntegerArray runs = new AtomicIntegerArray(units);
            int[] split = new int[1];
            pool.forEachRangeOfCopies(units, Parallel.PARALLEL_MIN_COPIES, (from, to) -> {
                countUnits(runs, from, to);
                synchronized (split) {
                    split[0]++;
                }
            });
            for (int u = 0; u < units; u++) {
                assertThat(runs.get(u)).as("unit %d of %d", u, units).isEqualTo(1);
            }
            assertThat(split[0]).as("ranges of a copy at the threshold, under the elements' one").isEqualTo(6);
        }
    }

    private static void countUnits(AtomicIntegerArray runs, int from, int to) {
        for (int u = from; u < to; u++) {
            runs.incrementAndGet(u);
        }
    }

    /**
     * Back-to-back jobs whose part counts differ, so short that the caller often finishes a job alone while a
     * worker is still waking up for it: a late worker must never claim a part of the next job under the old
     * job's count (that once ran a part twice, or counted one too many and left the caller waiting forever).
     */
    @Test
    void productPartsTileTheUnitsInOrderAndShrinkTowardTheEnd() {
        for (int parts = 1; parts <= 8; parts++) {
            for (int units : new int[] {1, 7, 16, 49, 86, 1000}) {
                assertThat(VectorGemm.bound(units, 0, parts)).isZero();
                assertThat(VectorGemm.bound(units, parts, parts)).as("%d units, %d parts", units, parts).isEqualTo(units);
                for (int p = 0; p < parts; p++) {
                    assertThat(VectorGemm.bound(units, p + 1, parts)).isGreaterThanOrEqualTo(VectorGemm.bound(units, p, parts));
                }
            }
        }
        // 64 row tiles in 8 parts: the first gets 8/36 of them, the last 1/36, so the wait at the join is short
        int[] sizes = new int[8];
        for (int p = 0; p < 8; p++) {
            sizes[p] = VectorGemm.bound(64, p + 1, 8) - VectorGemm.bound(64, p, 8);
        }
        assertThat(sizes).containsExactly(14, 12, 11, 9, 7, 5, 4, 2);
    }

    @Test
    void lateWorkersNeverClaimAcrossJobsOfDifferentSizes() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            try (Parallel pool = new Parallel(3)) {
                int[] sizes = {2, 7, 3, 16, 2, 5};
                for (int call = 0; call < 200_000; call++) {
                    int parts = sizes[call % sizes.length];
                    AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                    pool.forEach(parts, runs::incrementAndGet);
                    for (int p = 0; p < parts; p++) {
                        assertThat(runs.get(p)).as("call %d, part %d of %d", call, p, parts).isEqualTo(1);
                    }
                }
            }
        });
    }

    @Test
    void aFailingPartIsRethrownToTheCallerAndThePoolStaysUsable() {
        try (Parallel pool = new Parallel(2)) {
            // Many times over, so the worker runs the failing part in some of them: a failure recorded only after
            // its part counted as finished was once lost this way (the caller returned as if nothing had failed).
            for (int round = 0; round < 20_000; round++) {
                int failing = round % 2;
                assertThatThrownBy(() -> pool.forEach(2, p -> {
                    if (p == failing) {
                        throw new IllegalStateException("part " + failing + " failed");
                    }
                })).as("round %d", round).isInstanceOf(IllegalStateException.class)
                        .hasMessage("part " + failing + " failed");
            }
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            pool.forEach(2, runs::incrementAndGet);
            assertThat(runs.get(0) + runs.get(1)).isEqualTo(2);
        }
    }

    @Test
    void threadCountDefaultsToTheProcessorsAndHonoursTheSystemProperty() {
        String saved = System.getProperty("atlas.threads");
        try {
            System.clearProperty("atlas.threads");
            assertThat(Parallel.configuredThreads())
                .isEqualTo(Math.min(Runtime.getRuntime().availableProcessors(), 8));
            System.setProperty("atlas.threads", "3");
            assertThat(Parallel.configuredThreads()).isEqualTo(3);
            System.setProperty("atlas.threads", "0");
            assertThat(Parallel.configuredThreads()).isEqualTo(1);
        } finally {
            if (saved == null) {
                System.clearProperty("atlas.threads");
            } else {
                System.setProperty("atlas.threads", saved);
            }
        }
    }

    @Test
    void concurrentCallersOfTheSharedPoolGetTheSameBitsAsASingleThread() throws Exception {
        // A caller that finds the pool busy runs inline; either way every element is the same fma chain.
        int m = 96, n = 200, k = 150;
        Rng rng = new Rng(11);
        float[] a = new float[m * k]; // (m, k)
        float[] b = new float[n * k]; // (n, k)
        rng.fillGaussian(a, 0, a.length);
        rng.fillGaussian(b, 0, b.length);
        float[] expected = new float[m * n]; // (m, n)
        try (Parallel single = new Parallel(1)) {
            VectorGemm.abT(a, 0, b, 0, expected, 0, m, n, k, false, single);
        }
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<?>[] futures = new Future<?>[3];
            for (int t = 0; t < futures.length; t++) {
                futures[t] = callers.submit(() -> {
                    float[] c = new float[m * n]; // (m, n)
                    for (int rep = 0; rep < 30; rep++) {
                        Gemm.abT(a, 0, b, 0, c, 0, m, n, k, false);
                        assertThat(c).isEqualTo(expected);
                    }
                    return null;
                });
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
