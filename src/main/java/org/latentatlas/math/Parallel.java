package org.latentatlas.math;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A tiny fork-join for the GEMMs: persistent daemon workers plus the calling thread.
 *
 * <p>Starting threads per call costs more than a whole 128×784×512 GEMM takes on two cores, and a general
 * executor's queues and futures cost tens of microseconds; here a call is one volatile write to wake the
 * workers, which spin briefly before parking so that back-to-back GEMMs of a training step find them awake.
 *
 * <p>Part {@code p} of a call always runs on participant {@code p % threads} (participant 0 is the caller),
 * so the assignment is static; callers make results independent of it anyway by giving every output element
 * to exactly one part with a fixed summation order.
 *
 * <p>If the pool is already in use (another application thread, or a part that itself calls into a GEMM), the
 * call runs all its parts inline on the calling thread instead of waiting: never a deadlock, same results.
 */
public final class Parallel implements AutoCloseable {
    /** More threads than this cannot be fed by the layer sizes this project trains. */
    private static final int MAX_DEFAULT_THREADS = 8;
    /** How long an idle worker (or a waiting caller) spins before parking: covers the gap between GEMMs. */
    private static final long SPIN_NANOS = 50_000;

    private static volatile Parallel shared;

    private final int threads;
    private final Thread[] workers; // (threads - 1), worker w is participant w + 1
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicIntegerArray parked; // (threads - 1), 1 while worker w + 1 is parked or about to park
    private volatile long epoch;
    private volatile boolean closed;
    private volatile Thread waitingCaller;
    // The current job: written before the volatile epoch bump, read after seeing it.
    private IntConsumer body;
    private int parts;
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
            int id = w + 1;
            Thread t = new Thread(() -> workerLoop(id), "atlas-gemm-" + id);
            t.setDaemon(true);
            workers[w] = t;
            t.start();
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

    private void fork(int parts, IntConsumer body) {
        this.body = body;
        this.parts = parts;
        this.failure = null;
        pending.set(workers.length);
        epoch = epoch + 1; // volatile write publishes body and parts
        for (int w = 0; w < workers.length; w++) {
            if (parked.get(w) != 0) {
                LockSupport.unpark(workers[w]);
            }
        }
        Throwable mine = null;
        try {
            runParts(0, parts, body);
        } catch (Throwable t) {
            mine = t;
        }
        awaitWorkers();
        Throwable theirs = failure;
        if (mine != null) {
            rethrow(mine);
        }
        if (theirs != null) {
            rethrow(theirs);
        }
    }

    private void runParts(int participant, int parts, IntConsumer body) {
        for (int p = participant; p < parts; p += threads) {
            body.accept(p);
        }
    }

    private void awaitWorkers() {
        long start = System.nanoTime();
        while (pending.get() != 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            waitingCaller = Thread.currentThread();
            if (pending.get() != 0) {
                LockSupport.park(this);
            }
            waitingCaller = null;
        }
    }

    private void workerLoop(int id) {
        long seen = 0;
        while (true) {
            long e = awaitEpoch(id, seen);
            if (closed) {
                return;
            }
            seen = e;
            try {
                runParts(id, parts, body);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
            if (pending.decrementAndGet() == 0) {
                Thread caller = waitingCaller;
                if (caller != null) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    private long awaitEpoch(int id, long seen) {
        long start = System.nanoTime();
        int spins = 0;
        while (true) {
            long e = epoch;
            if (e != seen || closed) {
                return e;
            }
            if (((++spins) & 63) != 0 || System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            // Announce before re-checking (both volatile): a fork either sees the flag and unparks us, or
            // bumped the epoch before the flag was set, and then the re-check sees the new epoch.
            parked.set(id - 1, 1);
            if (epoch == seen && !closed) {
                LockSupport.park(this);
            }
            parked.set(id - 1, 0);
            start = System.nanoTime();
        }
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
