package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings plot once took and then ignored or stumbled on: each is refused in one line, before any file. */
class PlotRefusalsTest {
    @TempDir
    static Path models;
    static Path plane;
    static Path space;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainTwoTinyModels() {
        plane = train("plane.safetensors", "2");
        space = train("space.safetensors", "3");
    }

    private static Path train(String name, String latent) {
        Path m = models.resolve(name);
        CliRun run = CliRun.of("train", "--epochs", "1", "--hidden", "16", "--latent", latent, "--no-progress",
                "-o", m.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return m;
    }

    /** --seed beside --pair was refused; a count of random pairs, which --pair rules out as well, was dropped. */
    @Test
    void randomPairsBesideNamedPairsAreRefused() {
        assertRefused(plane, "--only interpolation --pair 3,8 --random-pairs 5", "--random-pairs 5: --pair 3,8 names"
                + " the classes to interpolate between, so no random pair is drawn; drop --random-pairs or --pair");
    }

    @Test
    void aPairOfOneClassIsRefused() {
        assertRefused(plane, "--only interpolation --pair 3,3", "--pair 3,3: both ends are digit 3; name two"
                + " different classes");
    }

    /** --format , is refused; --only , drew every figure. */
    @Test
    void anOnlyThatNamesNoFigureIsRefused() {
        assertRefused(plane, "--only ,", "--only ',' names no figure (expected one or more of scatter, grid,");
    }

    /** Only the projections that can flatten so few points are offered: UMAP of 2 failed as t-SNE would. */
    @Test
    void tsneOfFewerPointsThanItNeedsNamesTheLimitThatLeftThem() {
        assertRefused(space, "--only scatter --projection tsne --limit 3", "--limit 3 leaves 3 test images of"
                + " space.safetensors to project, and t-SNE needs at least 4; raise --limit, or use --projection pca"
                + " or umap");
        assertRefused(space, "--only scatter --projection tsne --limit 2", "--limit 2 leaves 2 test images of"
                + " space.safetensors to project, and t-SNE needs at least 4; raise --limit, or use --projection pca");
    }

    /** UMAP of two points failed inside the library: "Number of neighbors must be greater than 2." */
    @Test
    void umapOfFewerPointsThanItNeedsIsRefusedAsTsneIs() {
        assertRefused(space, "--projection umap --limit 2", "--limit 2 leaves 2 test images of space.safetensors to"
                + " project, and UMAP needs at least 3; raise --limit, or use --projection pca");
    }

    /** One image has no second end: the interpolation that --only asks of it is refused, not skipped. */
    @Test
    void anInterpolationAskedOfASplitOfOneImageIsRefusedNamingTheSplitAndItsCount() {
        assertRefused(plane, "--limit 1 --only scatter,interpolation", "--only interpolation: "
                + PlotCommandTest.ONE_IMAGE + "; raise --limit or drop interpolation from --only");
    }

    /** Without --only the interpolation is skipped, which would drop the classes typed for it without a word. */
    @Test
    void aPairOrACountOfPairsForAnInterpolationOfOneImageIsRefused() {
        assertRefused(plane, "--limit 1 --pair 3,8", "--pair 3,8: " + PlotCommandTest.ONE_IMAGE + "; raise --limit"
                + " or drop --pair");
        assertRefused(plane, "--limit 1 --random-pairs 2", "--random-pairs 2: " + PlotCommandTest.ONE_IMAGE + ";"
                + " raise --limit or drop --random-pairs");
    }

    /** The row's end is the class's typical image: a subsample without one failed with no word of --pair. */
    @Test
    void aPairOfAClassTheSplitHoldsNoImageOfIsRefusedNamingTheClassesItHolds() {
        assertRefused(plane, "--limit 2 --pair 3,8", "--pair 3,8: --limit 2 leaves no test image of digit 8, only of"
                + " digit 0 and digit 3; raise --limit or name classes it leaves");
    }

    private void assertRefused(Path model, String options, String says) {
        Path out = dir.resolve("figs");
        List<String> args = new ArrayList<>(List.of("plot", model.toString(), "--out", out.toString()));
        args.addAll(List.of(options.split(" ")));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(options + ": " + run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).as(options).isEqualTo(1);
        assertThat(run.err()).as(options).contains(says);
        assertThat(out).as(options).doesNotExist();
    }
}
