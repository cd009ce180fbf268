package org.latentatlas.math;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A tiny fork-join for the GEMMs: persistent daemon workers plus the calling thread.
 *
 * <p>Starting threads per call costs more than a whole 128×784×512 GEMM takes on two cores, and a general
 * executor's queues and futures cost tens of microseconds; here a call is one volatile write to wake the
 * workers, which busy-wait up to a millisecond before parking, so the products of a training step find them
 * awake.
 *
 * <p>Parts are claimed, not assigned: every participant (the caller included) takes the next unclaimed part
 * until none is left, so on a shared machine a worker the OS has not scheduled yet costs nothing, the caller
 * just runs its parts too; the caller only waits for parts already started. Which thread runs a part is
 * therefore not fixed; callers make results independent of it by giving every output element to exactly one
 * part with a fixed summation order.
 *
 * <p>If the pool is already in use (another application thread, or a part that itself calls into a GEMM), the
 * call runs all its parts inline on the calling thread instead of waiting: never a deadlock, same results.
 */
public final class Parallel implements AutoCloseable {
    /** More threads than this cannot be fed by the layer sizes this project trains. */
    private static final int MAX_DEFAULT_THREADS = 8;
    /**
     * How long an idle worker (or a waiting caller) busy-waits before parking: it covers the gaps inside a training
     * step (the calling thread's serial work between two products is up to a few hundred microseconds), so a
     * worker parks between steps, not ~9 times per step as it does with a 50 µs wait. Waking a parked thread
     * on this project's 2-core VM took tens of microseconds, during which the caller ran the job alone.
     */
    private static final long WAIT_NANOS = 1_000_000;
    /**
     * After this long a waiting thread also yields its core every 64 checks: a pure spin held a core that the JIT
     * compiler's threads wanted, and short runs (the digits benchmark's 0.13 s epochs) came out slower. Both
     * figures are measured end to end in the sixth round of docs/benchmark-history.md.
     */
    private static final long PAUSE_NANOS = 50_000;

    private static volatile Parallel shared;

    private final int threads;
    private final Thread[] workers; // (threads - 1), worker w is participant w + 1
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicIntegerArray parked; // (threads - 1), 1 while worker w + 1 is parked or about to park
    /**
     * The job's epoch in the high 32 bits and its next unclaimed part in the low 32: one CAS both claims a
     * part and proves the claim belongs to the job whose body the claimer read (a worker that wakes late sees
     * a newer epoch and claims nothing).
     */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    /**
     * The current job's epoch in the high 32 bits and its part count in the low 32, published together: a worker
     * that wakes late must compare claims against its own job's count. (With the count in a separate field, a
     * worker could pair an old epoch with the next job's larger count and claim a part past the old job's end,
     * running a part twice or leaving the caller waiting forever for a count it had overshot.)
     */
    private volatile long job;
    private volatile boolean closed;
    private volatile Thread waitingCaller;
    // The current job's body: written before the volatile job word, read after seeing it.
    private IntConsumer body;
    private volatile Throwable failure;

    /** Creates a pool of {@code threads} participants: the caller plus {@code threads - 1} daemon workers. */
    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        this.parked = new AtomicIntegerArray(threads - 1);
        for (int w = 0; w < workers.length; w++) {
            Thread t = new Worker(this, w + 1);
            t.setDaemon(true);
            workers[w] = t;
            t.start();
        }
    }

    /** A worker knows its pool and number, so that {@link #participant()} is a type test, not a map lookup. */
    private static final class Worker extends Thread {
        private final Parallel pool;
        private final int id;

        Worker(Parallel pool, int id) {
            super("atlas-gemm-" + id);
            this.pool = pool;
            this.id = id;
        }

        @Override
        public void run() {
            pool.workerLoop(id);
        }
    }

    /** The process-wide pool: {@code atlas.threads} if set, else the available processors capped at 8. */
    public static Parallel shared() {
        Parallel p = shared;
        if (p == null) {
            synchronized (Parallel.class) {
                p = shared;
                if (p == null) {
                    p = new Parallel(configuredThreads());
                    shared = p;
                }
            }
        }
        return p;
    }

    static int configuredThreads() {
        int fallback = Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_THREADS);
        int n = Integer.getInteger("atlas.threads", fallback);
        return Math.max(1, n);
    }

    public int threads() {
        return threads;
    }

    /**
     * Which participant of this pool runs the calling code: on one of its workers that worker's number, from 1 to
     * {@code threads() - 1}; on any other thread 0. Parts of one {@link #forEach} that run at the same time never
     * share a number (the calling thread's parts are 0 and each worker has its own; a call run inline runs all its
     * parts one after another on its calling thread, under that thread's number), so a body may keep scratch in
     * {@code threads()} slots indexed by it, where scratch per part would touch more memory and per thread would
     * need a lookup. A part that calls {@code forEach} on this pool again shares its number with the nested call's
     * parts (they run inline on its thread): it must not hold such scratch across that call.
     */
    public int participant() {
        return Thread.currentThread() instanceof Worker w && w.pool == this ? w.id : 0;
    }

    /**
     * Runs {@code body.accept(p)} for every part {@code p} in [0, parts) and returns when all are done.
     * An exception thrown by any part is rethrown here after all parts have finished.
     */
    public void forEach(int parts, IntConsumer body) {
        if (parts <= 0) {
            return;
        }
        if (parts == 1 || threads == 1 || closed || !busy.compareAndSet(false, true)) {
            for (int p = 0; p < parts; p++) {
                body.accept(p);
            }
            return;
        }
        try {
            fork(parts, body);
        } finally {
            this.body = null;
            busy.set(false);
        }
    }

    /** A contiguous range [from, to) of the units a pass is split by (rows, column blocks, elements). */
    public interface Range {
        void run(int from, int to);
    }

    /** Passes over fewer elements than this stay on the calling thread: a fork would cost more than it saves. */
    public static final int PARALLEL_MIN_ELEMENTS = 1 << 15;

    /**
     * Runs {@code body} over [0, units) as contiguous ranges: one range on the calling thread when the pass touches
     * fewer than {@link #PARALLEL_MIN_ELEMENTS}, else as {@link #forEachRange(int, Range)} splits it.
     */
    public void forEachRange(int units, long elements, Range body) {
        forEachRangeFrom(PARALLEL_MIN_ELEMENTS, elements, units, body);
    }

    /**
     * Gathers and scatters through an index, or row copies from scattered places, over fewer elements than this stay
     * on the calling thread. Such a copy costs a nanosecond or more per element (a scalar load and store each, or a
     * wait on memory), ten times a vector pass's, so a fork pays from a few thousand elements on (a 128-row batch's
     * live columns of a hidden layer are ~25,000).
     */
    public static final int PARALLEL_MIN_COPIES = 1 << 12;

    /** {@link #forEachRange(int, long, Range)} for a copy of {@code elements} floats ({@link #PARALLEL_MIN_COPIES}). */
    public void forEachRangeOfCopies(int units, long elements, Range body) {
        forEachRangeFrom(PARALLEL_MIN_COPIES, elements, units, body);
    }

    /** Passes of fewer units than this, each about a {@code StrictMath.exp} (~9 ns here), stay on the calling thread. */
    public static final int PARALLEL_MIN_EXPS = 1 << 10;

    /**
     * Runs {@code body} over [0, units) where every unit costs about a {@code StrictMath.exp}: one range on the calling
     * thread below {@link #PARALLEL_MIN_EXPS} units, else as {@link #forEachRange(int, Range)} splits it (the latent
     * values of a batch-128 step of a 20-dimensional model are 2,560).
     */
    public void forEachRangeOfExps(int units, Range body) {
        forEachRangeFrom(PARALLEL_MIN_EXPS, units, units, body);
    }

    /** One range on the calling thread when {@code work} is under {@code threshold}, else as forEachRange splits it. */
    private void forEachRangeFrom(int threshold, long work, int units, Range body) {
        if (work < threshold) {
            body.run(0, units);
            return;
        }
        forEachRange(units, body);
    }

    /**
     * Runs {@code body} over [0, units) as up to two contiguous ranges per thread (so a thread that starts late costs
     * less), whatever the pass's size: for passes whose per-unit work is heavy enough to split even when short.
     * The ranges only decide who computes what, so a body that gives each unit fixed work returns the same bits.
     */
    public void forEachRange(int units, Range body) {
        int parts = Math.max(1, Math.min(units, 2 * threads));
        forEach(parts, part -> body.run((int) ((long) units * part / parts),
                (int) ((long) units * (part + 1) / parts)));
    }

    private void fork(int parts, IntConsumer body) {
        this.body = body;
        this.failure = null;
        long e = ((job >>> 32) + 1) & 0xffff_ffffL; // wraps after 2³² jobs; claims compare the low 32 bits too
        finished.set(0);
        claim.set(e << 32);
        job = e << 32 | parts; // volatile write publishes the body and the claim counter
        for (int w = 0; w < workers.length; w++) {
            if (parked.get(w) != 0) {
                LockSupport.unpark(workers[w]);
            }
        }
        runClaimed(e, parts, body);
        awaitParts(parts);
        Throwable failed = failure;
        if (failed != null) {
            rethrow(failed);
        }
    }

    /**
     * Claims and runs parts of job {@code e} until none is left. A part that throws is recorded in {@code failure}
     * before it counts as finished (so the caller, once every part has finished, is sure to see it), and the
     * parts nobody has claimed yet are then marked finished without running.
     */
    private void runClaimed(long e, int parts, IntConsumer body) {
        int p;
        while ((p = claimNext(e, parts)) >= 0) {
            try {
                body.accept(p);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
                drainUnclaimed(e, parts);
            } finally {
                finished.incrementAndGet();
            }
        }
    }

    /** After a failure: mark the parts nobody has claimed done without running them. */
    private void drainUnclaimed(long e, int parts) {
        while (claimNext(e, parts) >= 0) {
            finished.incrementAndGet();
        }
    }

    /** The next part of job {@code e}, or −1 when all are claimed or the pool has moved on to another job. */
    private int claimNext(long e, int parts) {
        while (true) {
            long c = claim.get();
            int next = (int) c;
            if ((c >>> 32) != e || next >= parts) {
                return -1;
            }
            if (claim.compareAndSet(c, c + 1)) {
                return next;
            }
        }
    }

    private void awaitParts(int parts) {
        long start = System.nanoTime();
        int checks = 0;
        while (finished.get() != parts) {
            if (keepWaiting(++checks, start)) {
                continue;
            }
            waitingCaller = Thread.currentThread();
            if (finished.get() != parts) {
                LockSupport.park(this);
            }
            waitingCaller = null;
        }
    }

    private void workerLoop(int id) {
        long seen = 0;
        while (true) {
            long current = awaitJob(id, seen);
            long e = current >>> 32;
            if (e == seen) {
                return; // closed, and no job pending: a job published before close() still runs, or it would hang
            }
            seen = e;
            int n = (int) current; // job e's own part count, read in the same volatile read as e
            IntConsumer work = body;
            if (work != null) {
                runClaimed(e, n, work);
            }
            Thread caller = waitingCaller;
            if (caller != null) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** The job word once its epoch differs from {@code seen} (or the pool is closed). */
    private long awaitJob(int id, long seen) {
        long start = System.nanoTime();
        int checks = 0;
        while (true) {
            long current = job;
            if ((current >>> 32) != seen || closed) {
                return current;
            }
            if (keepWaiting(++checks, start)) {
                continue;
            }
            // Announce before re-checking (both volatile): a fork either sees the flag and unparks us, or
            // bumped the epoch before the flag was set, and then the re-check sees the new epoch.
            parked.set(id - 1, 1);
            if ((job >>> 32) == seen && !closed) {
                LockSupport.park(this);
            }
            parked.set(id - 1, 0);
            start = System.nanoTime();
        }
    }

    /**
     * One step of a busy wait begun at {@code start}: pauses, or past {@link #PAUSE_NANOS} yields the core; false
     * once {@link #WAIT_NANOS} have passed and the thread should park. Reads the clock on every 64th check only.
     */
    private static boolean keepWaiting(int checks, long start) {
        if ((checks & 63) != 0) {
            Thread.onSpinWait();
            return true;
        }
        long waited = System.nanoTime() - start;
        if (waited < PAUSE_NANOS) {
            return true;
        }
        if (waited < WAIT_NANOS) {
            Thread.yield();
            return true;
        }
        return false;
    }

    /** Stops the workers; later calls run inline. The shared pool is never closed (its threads are daemons). */
    @Override
    public void close() {
        if (this == shared) {
            return;
        }
        closed = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException(t);
    }
}
