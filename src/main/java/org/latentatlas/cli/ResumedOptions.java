package org.latentatlas.cli;

import java.nio.file.Path;
import java.util.List;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.text.Words;
import org.latentatlas.train.Checkpoint;
import org.latentatlas.train.KlSchedule;
import org.latentatlas.train.Objective;
import org.latentatlas.train.TrainConfig;
import picocli.CommandLine.ParseResult;

/**
 * {@code atlas train --resume}: every option of the architecture and training that the user did not type takes the
 * checkpoint's value, so {@code --resume CHECKPOINT} alone continues the run as it was set up. A typed option keeps
 * its value and is compared with the checkpoint's like any other (all differences are refused together). What a
 * checkpoint does not hold, the data options and where to write, is the command line's; the output's default is the
 * model file beside the checkpoint (run.ckpt.safetensors continues run.safetensors).
 */
final class ResumedOptions {
    private ResumedOptions() {}

    /** Fills {@code command}'s untyped options from {@code c}. */
    static void fill(TrainCommand command, Checkpoint c, ParseResult parsed) {
        VaeConfig m = c.model();
        TrainConfig t = c.train();
        if (!typed(parsed, "--latent")) {
            command.latent = m.latentDim();
        }
        if (!typed(parsed, "--hidden")) {
            command.hidden = m.encoderHidden();
        }
        if (!typed(parsed, "--decoder-hidden")) {
            command.decoderHidden = m.decoderHidden();
        }
        if (!typed(parsed, "--likelihood")) {
            command.likelihood = m.likelihood();
        }
        if (!typed(parsed, "--activation")) {
            command.activation = m.activation();
        }
        if (!typed(parsed, "--seed")) {
            command.seed = t.seed();
        }
        if (!typed(parsed, "-o")) {
            Path beside = modelBeside(command.resume);
            if (beside != null) {
                command.output = beside;
            }
        }
        fill(command.training, c, parsed);
    }

    private static void fill(TrainingOptions o, Checkpoint c, ParseResult parsed) {
        TrainConfig t = c.train();
        if (!typed(parsed, "--epochs")) {
            o.epochs = t.epochs();
        }
        if (!typed(parsed, "--batch")) {
            o.batch = t.batchSize();
        }
        if (!typed(parsed, "--lr")) {
            o.learningRate = t.learningRate();
        }
        if (!typed(parsed, "--lr-schedule")) {
            o.lrSchedule = t.lrSchedule().spec();
        }
        if (!typed(parsed, "--clip-norm")) {
            o.clipNorm = t.clipNorm();
        }
        if (!typed(parsed, "--binarize")) {
            o.binarize = t.binarize().spec();
        }
        if (!typed(parsed, "--validation")) {
            o.validation = t.validation();
        }
        if (!typed(parsed, "--patience")) {
            o.patience = t.patience();
        }
        if (!typed(parsed, "--record-time")) {
            o.recordTime = t.recordTime();
        }
        if (!typed(parsed, "--stop-after-steps")) {
            // A limit the checkpoint has reached is why that run stopped; going on is why this one was started. A
            // limit not yet reached (a run interrupted on its way to it) still holds, as it would have.
            o.stopAfterSteps = t.stopAfterSteps() > c.step() ? t.stopAfterSteps() : 0;
        }
        // The KL term's options follow the objective: under another one typed here they would be refused as if
        // typed (an autoencoder has no KL schedule), hiding the difference that matters, the objective.
        if (typed(parsed, "--objective") && Objective.parse(o.objective) != t.objective()) {
            return;
        }
        o.objective = t.objective().spec();
        if (!typed(parsed, "--k") && t.objective() == Objective.IWAE) {
            o.k = t.samples();
        }
        if (!typed(parsed, "--beta")) {
            o.beta = t.beta();
        }
        if (!typed(parsed, "--free-bits")) {
            o.freeBits = t.freeBits();
        }
        // The schedule is one setting of several options: any of them typed, and the typed ones are the schedule.
        if (SCHEDULE.stream().noneMatch(name -> typed(parsed, name))) {
            schedule(o, t.klSchedule());
        }
    }

    private static final List<String> SCHEDULE = List.of("--kl-schedule", "--warmup", "--warmup-unit", "--beta-start",
            "--cycles", "--cycle-ratio");

    /** The options that make {@code s}, as {@link TrainingOptions} reads them back. */
    private static void schedule(TrainingOptions o, KlSchedule s) {
        switch (s.type()) {
            case LINEAR -> {
                o.klSchedule = s.kind();
                o.warmup = s.warmup();
                o.warmupUnit = s.warmupInSteps() ? "steps" : "epochs";
                o.betaStart = s.betaStart();
            }
            case CYCLICAL -> {
                o.klSchedule = s.kind();
                o.cycles = s.cycles();
                o.cycleRatio = s.ratio();
            }
            case CONSTANT -> { } // the default: nothing to give
        }
    }

    /**
     * The model file a checkpoint's run writes when its checkpoint has the default name (OUTPUT with .ckpt before the
     * extension), or null for a checkpoint named otherwise.
     */
    static Path modelBeside(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        int at = name.lastIndexOf(".ckpt");
        if (at <= 0) {
            return null;
        }
        Path model = checkpoint.resolveSibling(name.substring(0, at) + name.substring(at + ".ckpt".length()));
        return TrainCommand.defaultCheckpoint(model).equals(checkpoint) ? model : null;
    }

    /** Whether {@code option} was on the command line, as opposed to at its default. */
    static boolean typed(ParseResult parsed, String option) {
        return parsed.hasMatchedOption(option);
    }

    /** The command line, shell-quoted, that continues a run: {@code words} joined. */
    static String command(List<String> words) {
        return String.join(" ", words.stream().map(Words::shellWord).toList());
    }
}
