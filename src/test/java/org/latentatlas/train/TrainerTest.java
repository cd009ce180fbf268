package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.eval.ElboEvaluator;
import org.latentatlas.eval.Evaluation;
import org.latentatlas.math.Rng;
import org.latentatlas.model.InvalidSettingException;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

class TrainerTest {
    private static final Split DIGITS = Split.stratified(DigitsCsv.load(), 300, 42);
    private static final VaeConfig SMALL = VaeConfig.symmetric(8, 8, List.of(32), 2);

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        TrainConfig tc = new TrainConfig(2, 64, 3e-3, 1, 5);
        float[] a = new Trainer().train(SMALL, DIGITS, tc, TrainingListener.NONE).vae().parameters();
        float[] b = new Trainer().train(SMALL, DIGITS, tc, TrainingListener.NONE).vae().parameters();
        assertThat(b).containsExactly(a);
    }

    @Test
    void differentSeedsGiveDifferentWeights() {
        float[] a = new Trainer().train(SMALL, DIGITS, new TrainConfig(1, 64, 3e-3, 1, 5), TrainingListener.NONE)
                .vae().parameters();
        float[] b = new Trainer().train(SMALL, DIGITS, new TrainConfig(1, 64, 3e-3, 1, 6), TrainingListener.NONE)
                .vae().parameters();
        assertThat(b).isNotEqualTo(a);
    }

    /** The free-bits objective reads one KL per latent dimension: a result without them could not say it. */
    @Test
    void aResultHoldsOneTestKlPerLatentDimension() {
        Vae vae = Vae.initialize(SMALL, new Rng(1));
        Evaluation test = new Evaluation(-100, 1.0, 90, 10, 300, 10, 42);
        assertThatThrownBy(() -> new Trainer.Result(vae, List.of(), test, null, 1, 0, 1, 0, Trainer.Stop.COMPLETED))
                .hasMessage("testKlPerDimension");
        assertThatThrownBy(() -> new Trainer.Result(vae, List.of(), test, new double[3], 1, 0, 1, 0,
                Trainer.Stop.COMPLETED)).hasMessage("testKlPerDimension must hold one KL per latent dimension (2),"
                + " got 3");
    }

    @Test
    void trainingRaisesTheTestElboWellAboveTheUntrainedModel() {
        TrainConfig tc = new TrainConfig(15, 64, 3e-3, 1, 1);
        double untrained = ElboEvaluator.evaluate(Vae.initialize(SMALL, new Rng(1)), DIGITS.test(), 3, 9).elbo();
        Trainer.Result r = new Trainer().train(SMALL, DIGITS, tc, TrainingListener.NONE);
        assertThat(r.test().elbo()).isGreaterThan(untrained + 5);
        assertThat(r.history()).hasSize(15);
        assertThat(r.history().get(14).testElbo()).isGreaterThan(r.history().get(0).testElbo());
        assertThat(r.test().kl()).isPositive();
    }

    @Test
    void listenerHearsEveryStepAndEpoch() {
        int[] steps = {0};
        int[] epochs = {0};
        new Trainer().train(SMALL, DIGITS, new TrainConfig(2, 500, 3e-3, 1, 1), new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, Elbo.Terms batch) {
                steps[0]++;
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                epochs[0]++;
            }
        });
        assertThat(steps[0]).isEqualTo(2 * 3); // 1497 examples in batches of 500: 3 steps per epoch
        assertThat(epochs[0]).isEqualTo(2);
    }

    @Test
    void rejectsADatasetOfTheWrongShape() {
        VaeConfig wrong = VaeConfig.symmetric(28, 28, List.of(8), 2);
        assertThatThrownBy(() -> new Trainer().train(wrong, DIGITS, new TrainConfig(1, 8, 1e-3, 1, 1),
                TrainingListener.NONE)).hasMessageContaining("64").hasMessageContaining("784");
    }

    @Test
    void trainConfigNamesTheBadValue() {
        assertThatThrownBy(() -> new TrainConfig(0, 8, 1e-3, 1, 1)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new TrainConfig(1, 8, 1e-3, -2, 1)).hasMessageContaining("-2.0");
    }

    /** The library speaks of its fields; a caller that set one from an option needs to know which field it was. */
    @Test
    void aRefusedFieldIsNamedByItsRecordComponent() {
        assertThatThrownBy(() -> new TrainConfig(1, 0, 1e-3, 1, 1)).isInstanceOfSatisfying(
                InvalidSettingException.class, e -> {
                    assertThat(e).hasMessage("batch size must be in 1..65536, got 0");
                    assertThat(e.record()).isEqualTo(TrainConfig.class);
                    assertThat(e.field()).isEqualTo("batchSize");
                    assertThat(e.restatedAs("--batch", "0")).isEqualTo("--batch must be in 1..65536, got 0");
                });
        assertThatThrownBy(() -> KlSchedule.cyclical(4, 0)).isInstanceOfSatisfying(InvalidSettingException.class,
                e -> assertThat(e.field()).isEqualTo("ratio"));
        assertThatThrownBy(() -> VaeConfig.symmetric(8, 8, List.of(8), 2, "binomial(0)"))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.record()).isEqualTo(VaeConfig.class);
                    assertThat(e.field()).isEqualTo("likelihood");
                    assertThat(e.restatedAs("--likelihood", "binomial(0)"))
                            .isEqualTo("--likelihood binomial(0): binomial n must be in 1..65535, got 0");
                });
    }

    /** Later commands leave the validation examples out of "train": they must be the very ones training held out. */
    @Test
    void trainedOnIsTheTrainingSetOfTheRunLessItsValidationCarve() {
        TrainConfig tc = new TrainConfig(1, 64, 3e-3, 1, 5).withValidation(0.1, 0);
        TrainingData prepared = TrainingData.prepare(SMALL, DIGITS, tc, new Rng(1));
        assertThat(Trainer.trainedOn(DIGITS.train(), tc).pixels()).containsExactly(prepared.train().pixels());
        assertThat(Trainer.trainedOn(DIGITS.train(), tc).size()).isEqualTo(1497 - 150);
        assertThat(Trainer.trainedOn(DIGITS.train(), new TrainConfig(1, 64, 3e-3, 1, 5))).isSameAs(DIGITS.train());
    }

    /**
     * evaluate binarizes a binarized model's test split with {@link Binarization#binarizedAsTestSplit}: with the training
     * seed it must get the examples training scored its stored test ELBO on (it once drew them from the bare seed, and
     * the card called 14 % different pixels "the same examples").
     */
    @Test
    void aTestSplitBinarizedForEvaluationIsTheOneTrainingScored() {
        TrainConfig b = new TrainConfig(1, 64, 3e-3, 1, 7).withValidation(0.1, 0);
        TrainConfig tc = new TrainConfig(b.epochs(), b.batchSize(), b.learningRate(), b.beta(), b.seed(), b.objective(),
                b.samples(), b.klSchedule(), b.freeBits(), b.lrSchedule(), b.clipNorm(), Binarization.STATIC,
                b.validation(), b.patience(), b.stopAfterSteps(), b.recordTime());
        TrainingData prepared = TrainingData.prepare(SMALL, DIGITS, tc, new Rng(1));
        assertThat(Binarization.binarizedAsTestSplit(DIGITS.test(), 7).pixels())
                .containsExactly(prepared.test().pixels());
        assertThat(Binarization.binarized(DIGITS.test(), new Rng(7)).pixels()).as("the bare seed's draw")
                .isNotEqualTo(prepared.test().pixels());
    }

    /**
     * 1,497 examples in batches of 500 make 3 steps an epoch: a limit of 3 steps ends the first epoch, 4 is inside the
     * second. A run resumed at its limit and stopped at once must hand on the checkpoint as it found it: drawing the
     * next epoch's order first would save a shuffle state one epoch ahead, and a run continued from that file would
     * not be the straight run.
     */
    @ParameterizedTest
    @ValueSource(longs = {3, 4})
    void aRunResumedAtItsStepLimitWritesBackTheCheckpointItResumedFrom(long limit, @TempDir Path dir)
            throws Exception {
        TrainConfig stopping = new TrainConfig(2, 500, 3e-3, 1, 5).withStopAfterSteps(limit);
        Path first = dir.resolve("first.ckpt.safetensors");
        Path again = dir.resolve("again.ckpt.safetensors");
        new Trainer(new Trainer.Checkpointing(first, limit), null)
                .train(SMALL, DIGITS, stopping, TrainingListener.NONE);

        Trainer.Result r = new Trainer(new Trainer.Checkpointing(again, limit), Checkpoint.read(first))
                .train(SMALL, DIGITS, stopping, TrainingListener.NONE);

        assertThat(r.stopped()).isEqualTo(Trainer.Stop.STOP_AFTER_STEPS);
        assertThat(r.steps()).isEqualTo(limit);
        assertThat(Checkpoint.read(again).shuffleState()).as("the shuffle state the epoch's order comes from")
                .containsExactly(Checkpoint.read(first).shuffleState());
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(first));
    }

    /**
     * A cosine learning rate (or a cyclical KL schedule) is laid over the run's length: resumed with another --epochs,
     * the rest of the run would follow another curve than the straight run, so the length may not change then. With a
     * constant rate it may.
     */
    @Test
    void aResumeOfAnotherLengthIsRefusedWhenAScheduleSpansTheRun(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("cosine.ckpt.safetensors");
        TrainConfig cosine = new TrainConfig(2, 500, 3e-3, 1, 5, Objective.ELBO, 1, KlSchedule.CONSTANT, 0,
                LearningRateSchedule.COSINE, 0, Binarization.NONE, 0, 0, 3, false);
        new Trainer(new Trainer.Checkpointing(ckpt, 3), null).train(SMALL, DIGITS, cosine, TrainingListener.NONE);
        TrainConfig longer = new TrainConfig(4, 500, 3e-3, 1, 5, Objective.ELBO, 1, KlSchedule.CONSTANT, 0,
                LearningRateSchedule.COSINE, 0, Binarization.NONE, 0, 0, 0, false);

        assertThatThrownBy(() -> new Trainer(Trainer.Checkpointing.NONE, Checkpoint.read(ckpt)).check(SMALL, DIGITS,
                longer)).isInstanceOf(Checkpoint.MismatchException.class)
                .hasMessageContaining("epochs = 2 but this run has epochs = 4; its cosine learning rate spans the"
                        + " run's length");

        Path cyclical = dir.resolve("cyclical.ckpt.safetensors");
        new Trainer(new Trainer.Checkpointing(cyclical, 3), null).train(SMALL, DIGITS, new TrainConfig(2, 500, 3e-3, 1, 5,
                Objective.ELBO, 1, KlSchedule.cyclical(2, 0.5), 0, LearningRateSchedule.CONSTANT, 0, Binarization.NONE,
                0, 0, 3, false), TrainingListener.NONE);
        assertThatThrownBy(() -> new Trainer(Trainer.Checkpointing.NONE, Checkpoint.read(cyclical)).check(SMALL, DIGITS,
                new TrainConfig(4, 500, 3e-3, 1, 5, Objective.ELBO, 1, KlSchedule.cyclical(2, 0.5), 0,
                        LearningRateSchedule.CONSTANT, 0, Binarization.NONE, 0, 0, 0, false)))
                .hasMessageContaining("epochs = 2 but this run has epochs = 4; its cyclical KL schedule spans the"
                        + " run's length");

        Path constant = dir.resolve("constant.ckpt.safetensors");
        new Trainer(new Trainer.Checkpointing(constant, 3), null).train(SMALL, DIGITS,
                new TrainConfig(2, 500, 3e-3, 1, 5).withStopAfterSteps(3), TrainingListener.NONE);
        new Trainer(Trainer.Checkpointing.NONE, Checkpoint.read(constant)).check(SMALL, DIGITS,
                new TrainConfig(4, 500, 3e-3, 1, 5));
    }

    /**
     * The last checkpoint of a run that early stopping ended, resumed with the same options (what a failed save tells
     * the user to do), takes no step: the model is the straight run's, not one trained further.
     */
    @Test
    void anEarlyStoppedRunResumedFromItsLastCheckpointTakesNoFurtherStep(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("stopped.ckpt.safetensors");
        TrainConfig tc = new TrainConfig(30, 64, 0.05, 1, 5).withValidation(0.1, 1);
        Trainer.Result straight = new Trainer(new Trainer.Checkpointing(ckpt, 1000), null)
                .train(SMALL, DIGITS, tc, TrainingListener.NONE);
        assertThat(straight.stopped()).as("the straight run").isEqualTo(Trainer.Stop.EARLY_STOPPING);

        Trainer.Result resumed = new Trainer(Trainer.Checkpointing.NONE, Checkpoint.read(ckpt))
                .train(SMALL, DIGITS, tc, TrainingListener.NONE);

        assertThat(resumed.stopped()).isEqualTo(Trainer.Stop.EARLY_STOPPING);
        assertThat(resumed.steps()).isEqualTo(straight.steps());
        assertThat(resumed.bestEpoch()).isEqualTo(straight.bestEpoch());
        assertThat(resumed.vae().parameters()).containsExactly(straight.vae().parameters());
    }

    /**
     * A run begun with early stopping and resumed with {@code --patience 0} (allowed: patience only decides when a run
     * stops) trains on without it, as the straight run without it does: the checkpoint's best weights must not come
     * back at the end, throwing away every epoch after them.
     */
    @Test
    void aRunResumedWithoutEarlyStoppingKeepsItsLastWeights(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("patient.ckpt.safetensors");
        TrainConfig without = new TrainConfig(5, 64, 0.05, 1, 5).withValidation(0.1, 0);
        TrainConfig patient = new TrainConfig(5, 64, 0.05, 1, 5).withValidation(0.1, 3);
        int stepsPerEpoch = (1497 - 150 + 63) / 64;
        new Trainer(new Trainer.Checkpointing(ckpt, 2L * stepsPerEpoch), null)
                .train(SMALL, DIGITS, patient.withStopAfterSteps(2L * stepsPerEpoch), TrainingListener.NONE);
        assertThat(Checkpoint.read(ckpt).best()).as("the checkpoint keeps a best epoch").isNotNull();
        Trainer.Result straight = new Trainer().train(SMALL, DIGITS, without, TrainingListener.NONE);

        Trainer.Result resumed = new Trainer(Trainer.Checkpointing.NONE, Checkpoint.read(ckpt))
                .train(SMALL, DIGITS, without, TrainingListener.NONE);

        assertThat(resumed.bestEpoch()).isZero();
        assertThat(resumed.vae().parameters()).containsExactly(straight.vae().parameters());
    }

    /**
     * What an interrupted run's shutdown hook relies on: once checkpointing is stopped, no later checkpoint is written
     * though the run steps on, so the last checkpoint named is the file that stays, holding the step it names.
     */
    @Test
    void stoppedCheckpointingWritesNoLaterCheckpoint(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("run.ckpt.safetensors");
        Trainer trainer = new Trainer(new Trainer.Checkpointing(ckpt, 1), null);
        long[] named = {-1};
        TrainingListener stopAtStep5 = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, Elbo.Terms batch) {
                if (step == 5) {
                    try {
                        trainer.stopCheckpointing(java.time.Duration.ofSeconds(1));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    named[0] = trainer.lastCheckpoint().step();
                }
            }
        };
        Trainer.Result r = trainer.train(SMALL, DIGITS, new TrainConfig(1, 64, 3e-3, 1, 5), stopAtStep5);

        assertThat(r.steps()).as("the run stepped on").isGreaterThan(6);
        assertThat(trainer.lastCheckpoint().step()).isEqualTo(named[0]).isLessThanOrEqualTo(5);
        assertThat(Checkpoint.read(ckpt).step()).isEqualTo(named[0]);
    }

    /** A step limit returns the last weights, not the best epoch's: no epoch is reported as kept. */
    @Test
    void aStepLimitUnderEarlyStoppingKeepsNoEpoch() {
        TrainConfig tc = new TrainConfig(3, 33, 3e-3, 1, 5).withValidation(0.1, 2).withStopAfterSteps(47);
        Trainer.Result r = new Trainer().train(SMALL, DIGITS, tc, TrainingListener.NONE);
        assertThat(r.stopped()).isEqualTo(Trainer.Stop.STOP_AFTER_STEPS);
        assertThat(r.bestEpoch()).as("the weights returned are step 47's").isZero();
    }

    /** The library has no options: a run that cannot start is refused naming fields, which the CLI names as options. */
    @Test
    void aRunThatCannotStartIsRefusedInTheLibrarysWordsForTheFieldAtFault() {
        TrainConfig dynamic = new TrainConfig(1, 64, 3e-3, 1, 5, Objective.ELBO, 1, KlSchedule.CONSTANT, 0,
                LearningRateSchedule.CONSTANT, 0, Binarization.DYNAMIC, 0, 0, 0, false);
        assertThatThrownBy(() -> new Trainer().check(VaeConfig.symmetric(8, 8, List.of(8), 2, "binomial(16)"), DIGITS,
                dynamic)).isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e).hasMessage("binarization dynamic is for the Bernoulli likelihood; this model's is"
                            + " binomial(16)");
                    assertThat(e.field()).isEqualTo("binarize");
                    assertThat(e.restatedAs("--binarize", "dynamic")).isEqualTo("--binarize dynamic is for the"
                            + " Bernoulli likelihood; this model's is binomial(16)");
                });
        TrainConfig plain = new TrainConfig(1, 64, 3e-3, 1, 5);
        assertThatThrownBy(() -> new Trainer().check(VaeConfig.symmetric(8, 8, List.of(8), 2, "binomial(8)"), DIGITS,
                plain)).isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.getMessage()).startsWith("likelihood binomial(8) needs pixel values that are counts"
                            + " out of 8;").endsWith(": use binomial(16), or bernoulli with binarization");
                    assertThat(e.record()).isEqualTo(VaeConfig.class);
                    assertThat(e.field()).isEqualTo("likelihood");
                    assertThat(e.restatedAs("--likelihood", "binomial(8)", m -> "--" + m.field()))
                            .startsWith("--likelihood binomial(8) needs pixel values").endsWith("or bernoulli with"
                                    + " --binarize");
                });
    }

    @Test
    void aCheckpointPastTheRunsLastStepIsRefusedNamingTheEpochsItNeeds(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("four.ckpt.safetensors"); // 3 steps an epoch: step 4 is in the second
        TrainConfig two = new TrainConfig(2, 500, 3e-3, 1, 5).withStopAfterSteps(4);
        new Trainer(new Trainer.Checkpointing(ckpt, 4), null).train(SMALL, DIGITS, two, TrainingListener.NONE);
        TrainConfig one = new TrainConfig(1, 500, 3e-3, 1, 5).withStopAfterSteps(4);

        assertThatThrownBy(() -> new Trainer(Trainer.Checkpointing.NONE, Checkpoint.read(ckpt)).check(SMALL, DIGITS,
                one)).isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e).hasMessage("epochs must be at least 2 to continue the checkpoint " + ckpt
                            + ", which has taken 4 steps at 3 per epoch, got 1");
                    assertThat(e.field()).isEqualTo("epochs");
                });
    }
}
