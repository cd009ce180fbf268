package org.latentatlas.train;

import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.Split;
import org.latentatlas.eval.Evaluation;
import org.latentatlas.eval.LatentStatistics;
import org.latentatlas.math.Rng;
import org.latentatlas.model.InvalidSettingException;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

/**
 * Minibatch training of a VAE (or an AE, or an IWAE) by Adam.
 *
 * <p>Every random choice comes from generators split off one {@link Rng} seeded with {@link TrainConfig#seed()}
 * in a fixed order (init, shuffling, noise, static binarization), so the same config and data give the same
 * weights bit for bit. The shuffling generator is consulted once per epoch on the identity order, so an
 * epoch's order follows from the generator's state at its start: that state and the noise generator's are what a
 * {@link Checkpoint} saves to continue exactly, also in the middle of an epoch.
 */
public final class Trainer {
    /** Monte Carlo samples of ε per test example in the per-epoch and final evaluations. */
    public static final int EVAL_SAMPLES = TrainingData.EVAL_SAMPLES;

    /**
     * The examples of {@code trainSplit} a run with {@code tc} trained on: without those it held out for validation
     * ({@link TrainConfig#validation}), carved exactly as training carved them.
     */
    public static Dataset trainedOn(Dataset trainSplit, TrainConfig tc) {
        return TrainingData.trainedOn(trainSplit, tc);
    }

    /**
     * What training produced.
     *
     * @param vae       the trained model (the best weights, when early stopping restored them)
     * @param history   one entry per epoch
     * @param test      the final held-out evaluation
     * @param steps     Adam steps taken in all (including those before a resume)
     * @param startStep Adam steps the checkpoint this run resumed from had taken, 0 for a fresh run
     * @param testKlPerDimension (latentDim) each dimension's KL on the test split, in closed form, mean over its
     *                  examples: what a free-bits floor binds, for the objective minimised
     * @param stepsPerEpoch Adam steps in each epoch (its last, smaller batch included)
     * @param bestEpoch the epoch whose weights were kept by early stopping, or 0
     * @param stopped   why training ended
     */
    public record Result(Vae vae, List<EpochMetrics> history, Evaluation test, double[] testKlPerDimension,
                         long steps, long startStep, int stepsPerEpoch, int bestEpoch, Stop stopped) {
        public Result {
            Objects.requireNonNull(vae, "vae");
            Objects.requireNonNull(testKlPerDimension, "testKlPerDimension");
            if (testKlPerDimension.length != vae.config().latentDim()) {
                throw new IllegalArgumentException("testKlPerDimension must hold one KL per latent dimension ("
                        + vae.config().latentDim() + "), got " + testKlPerDimension.length);
            }
            if (stepsPerEpoch < 1) {
                throw new IllegalArgumentException("stepsPerEpoch must be at least 1, got " + stepsPerEpoch);
            }
            if (startStep < 0 || startStep > steps) {
                throw new IllegalArgumentException("startStep must be in 0.." + steps + " (the steps taken), got "
                        + startStep);
            }
        }
    }

    /** Why a run ended; recorded in the model file by its label. */
    public enum Stop {
        COMPLETED("completed"),
        EARLY_STOPPING("early stopping"),
        STOP_AFTER_STEPS("stop after steps");

        private final String label;

        Stop(String label) {
            this.label = label;
        }

        @JsonValue
        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * Where the next checkpoint goes, asked before each write: a run can take hours, and the caller may need to
     * look at the path again (a file put there meanwhile) and name another.
     */
    @FunctionalInterface
    public interface CheckpointPath {
        Path next() throws IOException;

        /** Told after each checkpoint is written to {@code path}, so the next call can know the file as its own. */
        default void written(Path path) throws IOException {
        }

        /** The caller's {@link Checkpoint#runOptions} for a checkpoint at {@code path}, or null for none. */
        default String runOptions(Path path) {
            return null;
        }
    }

    /** Write a checkpoint to {@code where.next()} every {@code everySteps} Adam steps (and when the run ends). */
    public record Checkpointing(CheckpointPath where, long everySteps) {
        public static final Checkpointing NONE = new Checkpointing((CheckpointPath) null, 0);

        public Checkpointing {
            if (everySteps < 0 || (everySteps > 0 && where == null)) {
                throw new IllegalArgumentException("checkpoint every must be >= 0 steps with a path, got "
                        + everySteps + " and " + where);
            }
        }

        /** Every checkpoint to {@code path}, as is. */
        public Checkpointing(Path path, long everySteps) {
            this(path == null ? null : () -> path, everySteps);
        }
    }

    private final Checkpointing checkpointing;
    private final Checkpoint resume;
    // Read by another thread (an interrupted run's last words): volatile, and the checkpoint published as a pair.
    private volatile SavedAt lastCheckpoint;
    /** Held while a checkpoint is written, so that {@link #stopCheckpointing} can wait for a write under way. */
    private final ReentrantLock writing = new ReentrantLock();
    private volatile boolean checkpointsStopped;
    private volatile long stepsTaken;

    /** A checkpoint written: where, after which Adam step. */
    public record SavedAt(Path path, long step) {}

    public Trainer() {
        this(Checkpointing.NONE, null);
    }

    /** @param resume a checkpoint to continue from, or null to start afresh */
    public Trainer(Checkpointing checkpointing, Checkpoint resume) {
        this.checkpointing = checkpointing;
        this.resume = resume;
    }

    /**
     * Refuses a run that cannot start, before any work (and before a caller announces it): data of another
     * width, binarization for a likelihood that is not Bernoulli, a checkpoint of another run or one that has
     * already taken more steps than this run's epochs. {@link #train} checks the same first.
     */
    public void check(VaeConfig config, Split split, TrainConfig tc) {
        TrainingData.checkFits(config, split.train(), tc);
        int trainSize = split.train().size() - tc.validationCount(split.train().size());
        int perEpoch = stepsPerEpoch(trainSize, tc.batchSize());
        long total = (long) tc.epochs() * perEpoch;
        KlSchedule kl = tc.klSchedule();
        if (kl.type() == KlSchedule.Kind.CYCLICAL && kl.cycles() > total) { // a cycle needs a step to rise in
            throw new InvalidSettingException(KlSchedule.class, "cycles", "cycles", "must be at most the run's "
                    + total + " Adam steps (" + tc.epochs() + (tc.epochs() == 1 ? " epoch" : " epochs") + " of "
                    + perEpoch + ")", kl.cycles());
        }
        if (resume == null) {
            return;
        }
        resume.checkResumableWith(config, tc, Checkpoint.DataIdentity.of(split.train(), split.test()));
        if (resume.step() > total) { // the run would "complete" at once and record fewer epochs than it trained
            throw new InvalidSettingException(TrainConfig.class, "epochs", "epochs", "must be at least "
                    + (resume.step() + perEpoch - 1) / perEpoch + " to continue the checkpoint"
                    + (resume.source() == null ? "" : " " + resume.source()) + ", which has taken " + resume.step()
                    + " steps at " + perEpoch + " per epoch", tc.epochs());
        }
    }

    /** A last, smaller batch ends each epoch; a training set smaller than a batch is one step. */
    private static int stepsPerEpoch(int trainSize, int batchSize) {
        int batch = Math.min(batchSize, trainSize);
        return (trainSize + batch - 1) / batch;
    }

    /** The last checkpoint this trainer wrote, or null before the first (readable from any thread). */
    /**
     * For a shutdown hook, which runs while this run's thread goes on stepping: lets a checkpoint under way finish (or
     * fail) for up to {@code wait}, and keeps any later one from starting, so that {@link #lastCheckpoint} then names
     * the file that stays the run's last. Without it the hook named one checkpoint and the thread wrote the next.
     */
    public void stopCheckpointing(Duration wait) throws InterruptedException {
        checkpointsStopped = true;
        if (writing.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            writing.unlock();
        }
    }

    public SavedAt lastCheckpoint() {
        return lastCheckpoint;
    }

    /** Adam steps taken so far, a resumed checkpoint's included (readable from any thread). */
    public long stepsTaken() {
        return stepsTaken;
    }

    /** Adam steps the checkpoint this trainer resumes from has taken, or 0 for a fresh run. */
    public long resumesAtStep() {
        return resume == null ? 0 : resume.step();
    }

    /**
     * Trains a new model of {@code config} on {@code split.train()} (less any validation carve), or continues the
     * checkpoint this trainer was made with, until the last epoch, early stopping or the step limit. The same
     * arguments give the same weights bit for bit, and a resumed run the weights of the run never interrupted.
     *
     * @param split    the train split is trained on; the test split is evaluated after every epoch and at the end
     * @param listener told of the start, every step and every evaluated epoch on this thread, between steps (a
     *                 progress bar, say), so it must be quick
     * @return the model (the best epoch's weights when early stopping restored them), its history and test numbers
     * @throws IllegalArgumentException when the run cannot start: see {@link #check}
     * @throws TrainingDivergedException when a loss or a weight stops being finite, naming the step and tensor
     * @throws java.io.UncheckedIOException when a checkpoint cannot be written
     */
    public Result train(VaeConfig config, Split split, TrainConfig tc, TrainingListener listener) {
        check(config, split, tc);
        Rng root = new Rng(tc.seed());
        Vae vae = Vae.initialize(config, root.split());
        Rng shuffleRng = root.split();
        Rng noiseRng = root.split();
        TrainingData data = TrainingData.prepare(config, split, tc, root.split());
        Checkpoint.DataIdentity identity = Checkpoint.DataIdentity.of(split.train(), split.test());
        Run run = new Run(config, tc, data, identity, vae, shuffleRng, noiseRng, listener);
        if (resume != null) {
            run.restore(resume);
        }
        return run.go();
    }

    /** One training run's mutable state; lives for one {@link #train} call. */
    private final class Run {
        private final VaeConfig config;
        private final TrainConfig tc;
        private final TrainingData data;
        private final Checkpoint.DataIdentity identity;
        private final Vae vae;
        private final TrainingListener listener;
        private final ParameterLayout layout;
        private final float[] params;  // (parameterCount) the model's own flat array, updated in place
        private final float[] grads;   // (parameterCount) every gradient the step's update does not take, written
        private final Adam adam;
        private final BatchLoss loss = new BatchLoss();
        private final int batchSize;
        private final int stepsPerEpoch;
        private final long totalSteps;
        private final int[] order;     // (train size) this epoch's example order
        private final float[] x;       // (batch·k, dim)
        private final float[] eps;     // (batch·k, latent)
        private final long start = System.nanoTime();
        private Rng shuffleRng;
        private Rng noiseRng;
        private long step;
        private long[] epochShuffleState;
        private Elbo.Terms epochTerms = Elbo.Terms.ZERO;
        private double epochLoss;
        private List<EpochMetrics> history = new ArrayList<>();
        private float[] best;          // (parameterCount) the best weights so far (early stopping), or null
        private double bestScore = Double.NEGATIVE_INFINITY;
        private int bestEpoch;
        private int badEpochs;
        private Evaluation lastTest;    // the test evaluation at the end of the last epoch
        private long lastTestStep = -1; // the step it was taken at, so the final result can reuse it

        Run(VaeConfig config, TrainConfig tc, TrainingData data, Checkpoint.DataIdentity identity, Vae vae,
            Rng shuffleRng, Rng noiseRng, TrainingListener listener) {
            this.config = config;
            this.tc = tc;
            this.data = data;
            this.identity = identity;
            this.vae = vae;
            this.shuffleRng = shuffleRng;
            this.noiseRng = noiseRng;
            this.listener = listener;
            this.layout = ParameterLayout.of(config);
            this.params = vae.parameters();
            this.grads = new float[params.length];
            this.adam = new Adam(params.length, tc.learningRate());
            this.batchSize = Math.min(tc.batchSize(), data.train().size());
            this.stepsPerEpoch = stepsPerEpoch(data.train().size(), tc.batchSize());
            this.totalSteps = (long) tc.epochs() * stepsPerEpoch;
            this.order = new int[data.train().size()];
            this.x = new float[batchSize * tc.samples() * config.inputDim()];
            this.eps = new float[batchSize * tc.samples() * config.latentDim()];
        }

        void restore(Checkpoint c) {
            System.arraycopy(c.parameters(), 0, params, 0, params.length);
            adam.restore(c.adamM(), c.adamV(), c.adamStep());
            step = c.step();
            stepsTaken = step;
            shuffleRng = Rng.fromState(c.shuffleState());
            epochShuffleState = c.shuffleState(); // the state this epoch's order was drawn from, even mid-epoch
            noiseRng = Rng.fromState(c.noiseState());
            epochTerms = c.epochTerms();
            epochLoss = c.epochLoss();
            history = new ArrayList<>(c.history());
            if (tc.patience() > 0) {
                best = c.best() == null ? null : c.best().clone();
                bestScore = c.bestScore();
                bestEpoch = c.bestEpoch();
                badEpochs = c.badEpochs();
            }
            // Resumed without early stopping, the run keeps no epoch, as a straight run without it: the checkpoint's
            // best weights would otherwise come back at the end, throwing away every epoch after them.
        }

        Result go() {
            listener.onStart(tc.epochs(), stepsPerEpoch, step, List.copyOf(history),
                    step == 0 ? null : tc.klSchedule().beta(tc.beta(), step - 1, stepsPerEpoch, totalSteps));
            Stop stopped = takeSteps();
            maybeCheckpoint(true);
            listener.onFinish();
            boolean restored = best != null && stopped != Stop.STOP_AFTER_STEPS;
            if (restored) {
                System.arraycopy(best, 0, params, 0, params.length);
            }
            // Same weights and seed as the last epoch's evaluation give the same numbers: reuse them unless the
            // best weights came back or the run stopped mid-epoch.
            Evaluation finalTest = !restored && lastTestStep == step ? lastTest
                    : TrainingData.evaluate(vae, data.test(), tc.objective(), tc.seed());
            // The kept epoch is reported only when its weights are the ones returned: a step limit keeps the last.
            return new Result(vae, List.copyOf(history), finalTest,
                    LatentStatistics.of(vae, data.test()).klPerDimension(), step, resumesAtStep(), stepsPerEpoch,
                    restored ? bestEpoch : 0, stopped);
        }

        /** Steps until the last epoch ends, early stopping ends the run, or the step limit is reached. */
        private Stop takeSteps() {
            if (tc.patience() > 0 && badEpochs >= tc.patience()) {
                // The checkpoint of a run that early stopping ended (resumed to write its model after a failed save):
                // the straight run took no further step.
                return Stop.EARLY_STOPPING;
            }
            boolean orderDrawn = false; // a resumed run may start mid-epoch: its order is drawn at its first step
            while (step < totalSteps) {
                // Tested before the next epoch's shuffle, so a checkpoint at an epoch's start holds its generator
                // state untouched.
                if (tc.stopAfterSteps() > 0 && step >= tc.stopAfterSteps()) {
                    return Stop.STOP_AFTER_STEPS;
                }
                int inEpoch = (int) (step % stepsPerEpoch);
                int epoch = (int) (step / stepsPerEpoch) + 1;
                if (inEpoch == 0 || !orderDrawn) {
                    startEpoch(inEpoch);
                    orderDrawn = true;
                }
                takeStep(epoch, inEpoch);
                boolean earlyStop = inEpoch == stepsPerEpoch - 1 && endEpoch(epoch);
                maybeCheckpoint(false);
                if (earlyStop) {
                    return Stop.EARLY_STOPPING;
                }
            }
            return Stop.COMPLETED;
        }

        /** Shuffles the identity order with the epoch's generator; mid-epoch (a resume) keeps the sums so far. */
        private void startEpoch(int inEpoch) {
            epochShuffleState = shuffleRng.state();
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            shuffleRng.shuffle(order);
            if (inEpoch == 0) {
                epochTerms = Elbo.Terms.ZERO;
                epochLoss = 0;
            }
        }

        /** One Adam step on the {@code inEpoch}-th minibatch of this epoch's order (counted from 0). */
        private void takeStep(int epoch, int inEpoch) {
            int batch = gatherBatch(inEpoch);
            double beta = tc.klSchedule().beta(tc.beta(), step, stepsPerEpoch, totalSteps);
            double rate = tc.lrSchedule().rate(tc.learningRate(), step, totalSteps);
            Adam.Step update = adam.begin(params, rate);
            // Clipping needs the whole gradient before any weight moves, so it keeps the update after the pass.
            boolean fused = Adam.FUSED && tc.clipNorm() == 0;
            BatchLoss.Result r = lossAndGradients(batch, beta, fused ? update : null);
            DivergenceGuard.checkLoss(r, step + 1, epoch);
            if (tc.clipNorm() > 0) {
                clip(grads, tc.clipNorm());
            }
            boolean finite = update.finish(grads);
            DivergenceGuard.afterUpdate(finite, grads, params, layout, step + 1, epoch, update);
            step++;
            stepsTaken = step;
            epochTerms = epochTerms.plus(r.terms());
            epochLoss += r.loss() * batch;
            listener.onStep(epoch, inEpoch + 1, r.terms(), beta);
        }

        /** Copies the minibatch's examples into x (binarized afresh under dynamic binarization); returns its size. */
        private int gatherBatch(int inEpoch) {
            int dim = config.inputDim();
            int first = inEpoch * batchSize;
            int batch = Math.min(batchSize, order.length - first); // the epoch's last batch may be smaller
            data.train().gatherRows(order, first, batch, x);
            if (tc.binarize() == Binarization.DYNAMIC) {
                Binarization.sample(x, 0, batch * dim, noiseRng);
            }
            return batch;
        }

        /**
         * Draws ε and runs the objective's forward and backward pass; grads is rewritten whole but for the weights
         * {@code update} claims (null: none), which it updates during the pass.
         */
        private BatchLoss.Result lossAndGradients(int batch, double beta, Adam.Step update) {
            int dim = config.inputDim();
            int latent = config.latentDim();
            int k = tc.samples();
            return switch (tc.objective()) {
                case AE -> loss.autoencoder(vae, x, batch, grads, update);
                case ELBO -> {
                    noiseRng.fillGaussian(eps, 0, batch * latent);
                    yield loss.elbo(vae, x, eps, batch, beta, tc.freeBits(), grads, update);
                }
                case IWAE -> {
                    for (int i = batch - 1; i >= 0; i--) { // spread rows in place: example i to rows i·k..i·k+k−1
                        for (int c = k - 1; c >= 0; c--) {
                            System.arraycopy(x, i * dim, x, (i * k + c) * dim, dim);
                        }
                    }
                    noiseRng.fillGaussian(eps, 0, batch * k * latent);
                    yield loss.iwae(vae, x, eps, batch, k, grads, update);
                }
            };
        }

        /** Evaluates, records the epoch and decides on early stopping. */
        private boolean endEpoch(int epoch) {
            long evalSeed = tc.seed(); // stated in the protocol: the evaluation noise is reproducible from the one seed
            Evaluation test = TrainingData.evaluate(vae, data.test(), tc.objective(), evalSeed);
            lastTest = test;
            lastTestStep = step;
            Evaluation val = data.validation() == null ? null
                    : TrainingData.evaluate(vae, data.validation(), tc.objective(), evalSeed);
            double beta = tc.klSchedule().beta(tc.beta(), step - 1, stepsPerEpoch, totalSteps); // the last step's
            Integer active = data.test().size() < 2 ? null // μ cannot vary over one example: activity unmeasured
                    : LatentStatistics.of(vae, data.test()).activeUnits();
            Double wall = tc.recordTime() ? (System.nanoTime() - start) / 1e9 : null;
            EpochMetrics m = new EpochMetrics(epoch, epochTerms.meanElbo(), epochTerms.meanRecon(),
                    epochTerms.meanKl(), test.elbo(), test.recon(), test.kl(), beta, active,
                    val == null ? null : val.elbo(), val == null ? null : val.recon(), val == null ? null : val.kl(),
                    epochLoss / epochTerms.count(), wall);
            history.add(m);
            listener.onEpoch(m);
            if (tc.patience() == 0 || val == null) {
                return false;
            }
            if (val.elbo() > bestScore) {
                bestScore = val.elbo();
                bestEpoch = epoch;
                badEpochs = 0;
                best = params.clone();
                return false;
            }
            return ++badEpochs >= tc.patience();
        }

        private void maybeCheckpoint(boolean atEnd) {
            long every = checkpointing.everySteps();
            if (every == 0 || (!atEnd && step % every != 0)) {
                return;
            }
            // At an epoch's start its order is still to be drawn from the generator as it is now; mid-epoch a resume
            // redraws the order from the state at the epoch's start and carries on the epoch's sums.
            boolean atEpochStart = step % stepsPerEpoch == 0;
            Checkpoint c = new Checkpoint(config, tc, identity, params.clone(), adam.firstMoment().clone(),
                    adam.secondMoment().clone(), adam.step(), step,
                    atEpochStart ? shuffleRng.state() : epochShuffleState, noiseRng.state(),
                    atEpochStart ? Elbo.Terms.ZERO : epochTerms, atEpochStart ? 0 : epochLoss, List.copyOf(history),
                    best, bestScore, bestEpoch, badEpochs, null);
            Path path = null;
            writing.lock();
            try {
                if (checkpointsStopped) {
                    return; // the JVM is stopping: the last checkpoint stays the one already named
                }
                path = checkpointing.where().next();
                c.withRunOptions(checkpointing.where().runOptions(path)).write(path);
                checkpointing.where().written(path);
                lastCheckpoint = new SavedAt(path, step);
            } catch (IOException e) {
                if (checkpointsStopped) {
                    return; // cut short by the JVM stopping (its temp file deleted): not this run's error
                }
                throw new UncheckedIOException(path == null ? e.getMessage() : "could not write checkpoint " + path, e);
            } finally {
                writing.unlock();
            }
        }
    }

    /** Scales the gradient so its global L2 norm is at most {@code maxNorm}. */
    static void clip(float[] grads, double maxNorm) {
        double sum = 0;
        for (float g : grads) {
            sum += (double) g * g;
        }
        double norm = Math.sqrt(sum);
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / norm);
            for (int i = 0; i < grads.length; i++) {
                grads[i] *= scale;
            }
        }
    }
}
