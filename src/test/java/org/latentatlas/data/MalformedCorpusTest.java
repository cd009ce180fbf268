package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the malformed corpus (written by {@link MalformedCorpusGenerator}, listed in cases.tsv)
 * is rejected with a {@link DatasetException} naming the file and saying what was expected, and loading it
 * allocates far less than any header claims: a small fixed budget (I/O buffers, the exception) regardless
 * of whether the header says 4 GiB.
 */
class MalformedCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/malformed");
    /** Buffers (3 x 64 KiB), ImageIO's readers and the exception fit easily; a lying header would not. */
    static final long ALLOCATION_BUDGET = 4L << 20;

    static Stream<Arguments> cases() throws IOException {
        return Files.readAllLines(CORPUS.resolve("cases.tsv"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.split("\t", -1))
                .map(f -> Arguments.of(f[0], f[1], Arrays.asList(f[2].split("\\|"))));
    }

    @Test
    void corpusHasAtLeast25Cases() throws IOException {
        assertThat(cases().count()).isGreaterThanOrEqualTo(25);
    }

    @BeforeAll
    static void warmUp() throws Exception {
        // class loading and ImageIO's plug-in scan allocate once; keep that out of the per-case budget
        for (Object[] c : cases().map(Arguments::get).toList()) {
            catchThrowable(() -> load((String) c[0], (String) c[1]));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithFileAndExpectation(String name, String kind, List<String> fragments) {
        long before = allocated();
        assertThat(before).as("this JVM must measure per-thread allocation").isPositive();
        Throwable t = catchThrowable(() -> load(name, kind));
        long used = allocated() - before;
        assertThat(t).as(name).isInstanceOf(DatasetException.class);
        assertThat(t.getMessage()).as("message for " + name).contains(name).contains("expected");
        for (String fragment : fragments) {
            assertThat(t.getMessage()).as("message for " + name).contains(fragment);
        }
        assertThat(used).as("bytes allocated while rejecting " + name).isLessThan(ALLOCATION_BUDGET);
    }

    static Object load(String name, String kind) throws DatasetException {
        Path p = CORPUS.resolve(name);
        String[] k = kind.split(":", 2);
        return switch (k[0]) {
            case "images" -> Idx.readImages(p);
            case "labels" -> Idx.readLabels(p);
            case "pair" -> Idx.readPair(name, p.resolve("images.idx"), p.resolve("labels.idx"), DatasetCatalog.DIGIT_NAMES);
            case "csv" -> Csv.load(p, csvOptions(k.length > 1 ? k[1] : ""));
            case "folder" -> ImageFolder.load(p, null);
            default -> throw new IllegalArgumentException("unknown case kind '" + kind + "'");
        };
    }

    private static Csv.Options csvOptions(String spec) {
        boolean header = false;
        String label = null;
        ValueRange range = null;
        Shape shape = null;
        for (String opt : spec.split(",")) {
            if (opt.equals("header")) {
                header = true;
            } else if (opt.startsWith("label=")) {
                label = opt.substring(6);
            } else if (opt.startsWith("range=")) {
                range = ValueRange.parse(opt.substring(6));
            } else if (opt.startsWith("shape=")) {
                shape = Shape.parse(opt.substring(6));
            }
        }
        return new Csv.Options(header, label, range, shape);
    }

    private static long allocated() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
