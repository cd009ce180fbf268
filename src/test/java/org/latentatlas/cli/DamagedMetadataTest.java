package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.latentatlas.io.ModelFile;
import org.latentatlas.text.Json;

/**
 * A model file whose stored numbers were damaged (by hand, by a tool, by a newer or broken writer) is refused by every
 * command that reads them in one line that names the file, the metadata key, the field's path, its value and what was
 * expected, with exit 1 and before any work: Jackson's "Cannot construct instance of `Evaluation` … [Source:
 * UNKNOWN]" named none of them, evaluate said it only after evaluating, and info, plot and export went on with the
 * damaged numbers.
 */
class DamagedMetadataTest {
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void train() {
        model = CliRun.tinyModel(dir.resolve("m.safetensors"));
    }

    /** One damage: which entry, how its text is edited, and how the refusal starts after the file name. */
    private record Damage(String name, String key, UnaryOperator<String> edit, String refusal) {
        /** A damage to the entry's JSON object. */
        static Damage toJson(String name, String key, Consumer<ObjectNode> edit, String refusal) {
            return new Damage(name, key, text -> {
                ObjectNode entry = (ObjectNode) read(text);
                edit.accept(entry);
                return Json.write(entry);
            }, refusal);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final List<Damage> DAMAGES = List.of(
            Damage.toJson("no examples", TrainingRun.TRAINING_KEY, t -> test(t).put("examples", 0),
                    "__metadata__ \"atlas.training\" → metrics.test.examples: examples must be at least 1 (an"
                            + " evaluation scores one example or more), got 0"),
            Damage.toJson("a string for a number", TrainingRun.TRAINING_KEY, t -> test(t).put("elbo", "abc"),
                    "__metadata__ \"atlas.training\" → metrics.test.elbo: got \"abc\", expected a number"),
            Damage.toJson("a fraction for a count", TrainingRun.TRAINING_KEY, t -> test(t).put("examples", 2.5),
                    "__metadata__ \"atlas.training\" → metrics.test.examples: got 2.5, expected a whole number"),
            Damage.toJson("no standard error over 50 examples", TrainingRun.TRAINING_KEY,
                    t -> test(t).putNull("elboStdErr"), "__metadata__ \"atlas.training\" → metrics.test.elboStdErr:"
                            + " elboStdErr must be a number, the standard error over 50 examples (null only for one"
                            + " example), got null"),
            Damage.toJson("a missing KL", TrainingRun.TRAINING_KEY, t -> test(t).remove("kl"),
                    "__metadata__ \"atlas.training\" → metrics.test.kl: missing, expected a number"),
            Damage.toJson("an unknown schedule", TrainingRun.TRAINING_KEY,
                    t -> ((ObjectNode) t.get("config")).put("lrSchedule", "wavy"),
                    "__metadata__ \"atlas.training\" → config.lrSchedule: got \"wavy\", expected one of \"constant\","
                            + " \"cosine\""),
            Damage.toJson("a word in the history", TrainingRun.TRAINING_KEY,
                    t -> ((ObjectNode) t.get("history").get(0)).put("testElbo", "x"),
                    "__metadata__ \"atlas.training\" → history[0].testElbo: got \"x\", expected a number"),
            Damage.toJson("a word for the data's size", TrainingRun.DATASET_KEY, d -> d.put("trainSize", "x"),
                    "__metadata__ \"atlas.dataset\" → trainSize: got \"x\", expected a whole number"),
            new Damage("JSON cut short", TrainingRun.TRAINING_KEY, t -> t.substring(0, t.length() - 1),
                    "__metadata__ \"atlas.training\" is not valid JSON: Unexpected end-of-input"));

    private static ObjectNode test(ObjectNode training) {
        return (ObjectNode) training.at("/metrics/test");
    }

    static Stream<Arguments> damagedFilesByCommand() {
        return DAMAGES.stream().flatMap(d -> Stream.of("info", "evaluate", "plot", "export")
                .map(command -> Arguments.of(d, command)));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("damagedFilesByCommand")
    void aDamagedStoredFieldIsRefusedNamingTheFileKeyPathValueAndWhatWasExpected(Damage damage, String command)
            throws Exception {
        Path damaged = damaged(damage);
        Path out = dir.resolve(command + "-" + damage.name().replace(' ', '-'));
        List<String> args = switch (command) {
            case "plot" -> List.of("plot", damaged.toString(), "--out", out.toString());
            case "export" -> List.of("export", damaged.toString(), out + ".html");
            case "evaluate" -> List.of("evaluate", damaged.toString(), "--k", "2", "--repeats", "1");
            default -> List.of(command, damaged.toString());
        };

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.err()).contains(damaged + ": " + damage.refusal());
        assertThat(run.err().lines().filter(l -> !l.isBlank())).as("one line, before any work").hasSize(1);
        assertThat(run.err()).doesNotContain("Cannot").doesNotContain("Source").doesNotContain("`");
        assertThat(out).doesNotExist();
        assertThat(Path.of(out + ".html")).doesNotExist();
    }

    /** A copy of the model with one entry of its metadata edited, as a hand or a tool might have. */
    private static Path damaged(Damage damage) throws Exception {
        ModelFile.LoadedModel loaded = ModelFile.read(model);
        Map<String, String> metadata = new LinkedHashMap<>(loaded.metadata());
        metadata.put(damage.key(), damage.edit().apply(loaded.metadata().get(damage.key())));
        Path file = dir.resolve(damage.name().replace(' ', '-') + ".safetensors");
        if (!Files.exists(file)) {
            ModelFile.write(file, loaded.config(), loaded.parameters(), metadata);
        }
        return file;
    }
}
