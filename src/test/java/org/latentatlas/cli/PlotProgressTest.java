package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow projection says what it does and how long that takes, then how far it has got: a t-SNE of thousands of
 * points runs for seconds to tens of seconds, which printing nothing would make look hung.
 */
class PlotProgressTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainA3dModel() {
        model = dir.resolve("three.safetensors");
        CliRun run = CliRun.of("train", "--epochs", "1", "--hidden", "8", "--latent", "3", "--no-progress", "-o",
                model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void exactTsneSaysWhatItDoesThenShowsItsIterations() {
        CliRun run = CliRun.of("plot", model.toString(), "--only", "scatter", "--projection", "tsne", "--out",
                dir.resolve("tsne").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(0)).isEqualTo("atlas plot: three.safetensors: t-SNE of the 300 test means (3-D): exact,"
                + " 1000 iterations, a few seconds");
        assertThat(lines).anyMatch(l -> l.startsWith("t-SNE affinities 100%") && l.contains("300/300 points"))
                .last().asString().startsWith("t-SNE 100%").contains("1000/1000 iterations");
        // A bar's first line comes before any time left is known (the estimate waits 2 s), and says so rather than
        // "?". How far the bar has got by then is up to the render thread: 0 %, a few points in, or, on a loaded
        // machine where it first runs after the last point, done, with nothing left (TimeLeftTest tells the first
        // line's words apart from any thread's timing).
        assertThat(lines.get(1)).startsWith("t-SNE affinities ").satisfiesAnyOf(
                first -> assertThat(first).endsWith(" / estimating…)"),
                first -> assertThat(first).contains(" 300/300 points").endsWith(" / 0:00:00)"));
        assertThat(lines).noneMatch(l -> l.contains("?"));
    }

    /** Above 400 points Barnes-Hut t-SNE runs: it finds each point's neighbours first, and says so. */
    @Test
    void barnesHutTsneSaysWhatItDoesThenShowsTheNeighboursTheAffinitiesAndTheIterations() throws Exception {
        CliRun run = CliRun.of("plot", model.toString(), "--only", "scatter", "--projection", "tsne", "--split",
                "train", "--out", dir.resolve("tsne-train").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(0)).isEqualTo("atlas plot: three.safetensors: t-SNE of the 1,497 train means (3-D):"
                + " Barnes-Hut (θ = 0.5, 90 nearest neighbours per point), 1000 iterations, about 20 s for 10,000"
                + " points on 2 cores");
        assertThat(lines).anyMatch(l -> l.startsWith("t-SNE neighbours 100%") && l.contains("1497/1497 points"))
                .anyMatch(l -> l.startsWith("t-SNE affinities 100%") && l.contains("1497/1497 points"))
                .last().asString().startsWith("t-SNE 100%").contains("1000/1000 iterations");
        assertThat(PlotCommandTest.svgText(dir.resolve("tsne-train/scatter.svg")))
                .contains("t-SNE (Barnes-Hut, θ = 0.5) of the 3-D μ");
    }

    @Test
    void umapSaysWhatItDoesThenShowsItsGraphAndItsEpochsAndPcaIsQuietAsItIsQuick() {
        CliRun umap = CliRun.of("plot", model.toString(), "--only", "scatter", "--projection", "umap", "--out",
                dir.resolve("umap").toString());
        assertThat(umap.exitCode()).as(umap.err()).isZero();
        assertThat(umap.err()).startsWith("atlas plot: three.safetensors: UMAP of the 300 test means (3-D), seeded on"
                + " one thread");
        assertThat(umap.err().lines().toList())
                .anyMatch(l -> l.startsWith("UMAP neighbour graph 100%") && l.contains("1/1 graph"))
                .last().asString().startsWith("UMAP 100%").contains("500/500 epochs");

        CliRun pca = CliRun.of("plot", model.toString(), "--only", "scatter", "--out", dir.resolve("pca").toString());
        assertThat(pca.exitCode()).as(pca.err()).isZero();
        assertThat(pca.err()).isEmpty();
    }
}
