package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow projection says what it does and how long that takes, then how far it has got: an exact t-SNE of 3,000
 * points ran for minutes printing nothing.
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
    void tsneSaysWhatItDoesThenShowsItsIterations() {
        CliRun run = CliRun.of("plot", model.toString(), "--only", "scatter", "--projection", "tsne", "--out",
                dir.resolve("tsne").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(0)).isEqualTo("atlas plot: three.safetensors: t-SNE of the 300 test means (3-D): 1000"
                + " iterations, about 40 s for 3,000 points on 2 cores");
        assertThat(lines).anyMatch(l -> l.startsWith("t-SNE affinities 100%") && l.contains("300/300 points"))
                .last().asString().startsWith("t-SNE 100%").contains("1000/1000 iterations");
    }

    @Test
    void umapSaysWhatItDoesAndPcaIsQuietAsItIsQuick() {
        CliRun umap = CliRun.of("plot", model.toString(), "--only", "scatter", "--projection", "umap", "--out",
                dir.resolve("umap").toString());
        assertThat(umap.exitCode()).as(umap.err()).isZero();
        assertThat(umap.err()).startsWith("atlas plot: three.safetensors: UMAP of the 300 test means (3-D), seeded on"
                + " one thread");

        CliRun pca = CliRun.of("plot", model.toString(), "--only", "scatter", "--out", dir.resolve("pca").toString());
        assertThat(pca.exitCode()).as(pca.err()).isZero();
        assertThat(pca.err()).isEmpty();
    }
}
