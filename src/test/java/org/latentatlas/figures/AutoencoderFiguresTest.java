package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.eval.LatentStatistics;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

/**
 * A plain autoencoder (z = μ) stores a logvar head that training never touched: no figure may read a KL, an ELBO
 * or a β from it, as atlas evaluate and info do not.
 */
class AutoencoderFiguresTest {
    /** One epoch of an autoencoder's history as the trainer stores it: ELBO = −recon, KL = 0, β = 1. */
    private static final String EPOCHS = "{\"epoch\":1,\"trainElbo\":-350,\"trainRecon\":350,\"trainKl\":0,"
            + "\"testElbo\":-257,\"testRecon\":257,\"testKl\":0,\"beta\":1,\"activeUnits\":3},"
            + "{\"epoch\":2,\"trainElbo\":-255,\"trainRecon\":255,\"trainKl\":0,"
            + "\"testElbo\":-250,\"testRecon\":250,\"testKl\":0,\"beta\":1,\"activeUnits\":3}";

    @Test
    void anAutoencoderHasNoKlFigureForItsUntrainedLogvarHead() {
        assertThatThrownBy(() -> KlBars.figure(autoencoder(), 800, 600))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ae.safetensors")
                .hasMessageContaining("logvar head is untrained and unused");
    }

    @Test
    void anAutoencoderHasNoSamplesFigureForWantOfAPrior() {
        assertThatThrownBy(() -> PriorSamples.figure(autoencoder(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ae.safetensors")
                .hasMessageContaining("no prior p(z)");
    }

    @Test
    void anAutoencodersTraversalsAreSortedByTheSpreadOfItsCodesAndNameNoKl() {
        FigureContext ctx = autoencoder();
        double[] var = LatentStatistics.meanVariance(ctx.encoding().mu(), ctx.data().size(), ctx.latentDim());
        List<String> widestFirst = IntStream.range(0, var.length).boxed()
                .sorted(Comparator.comparingDouble((Integer u) -> var[u]).reversed())
                .map(FigureContext::zName).toList();
        TiledFigure figure = Traversals.figure(ctx);
        List<String> rows = figure.table().rowLabels();
        assertThat(rows.stream().map(r -> r.split(" ")[0]).toList()).isEqualTo(widestFirst);
        assertThat(rows).allMatch(r -> r.contains("Var(μ)")).noneMatch(r -> r.contains("KL"));
        assertThat(figure.title()).endsWith("sorted by Var(μ)");
        assertThat(figure.notes()).allMatch(n -> n.contains("an autoencoder has no KL to sort by"))
                .noneMatch(n -> n.contains("KL(q") || n.contains("prior (σ = 1)"));
    }

    /**
     * An autoencoder has no prior whose σ could set a traversal's step: each row moves its dimension from −3 to +3
     * standard deviations of the codes along it, so the end columns decode codes as far out as its codes go.
     */
    @Test
    void anAutoencodersTraversalSpansItsCodes() {
        FigureContext ctx = autoencoder();
        int d = ctx.latentDim();
        double[] var = LatentStatistics.meanVariance(ctx.encoding().mu(), ctx.data().size(), d);
        int widest = IntStream.range(0, d).boxed().max(Comparator.comparingDouble(u -> var[u])).orElseThrow();
        float[] base = Interpolations.slice(ctx.encoding().mu(), Picks.central(ctx), d);
        TiledFigure figure = Traversals.figure(ctx);
        for (int end : new int[] {-1, 1}) {
            float[] z = base.clone();
            z[widest] = (float) (base[widest] + end * Traversals.RANGE * Math.sqrt(var[widest]));
            int column = end < 0 ? 0 : Traversals.STEPS - 1;
            assertThat(tile(figure, column)).as("column %d", column).isEqualTo(ctx.vae().decode(z, 1));
        }
        assertThat(figure.table().xLabel()).contains("standard deviations of the test set's codes");
        assertThat(figure.notes()).allMatch(n -> n.contains("from −3 to +3 standard deviations of the test set's"
                + " codes along it")).noneMatch(n -> n.contains("z units"));
    }

    /** The pixels of tile i, counted across rows from the top left. */
    private static float[] tile(TiledFigure figure, int i) {
        int size = figure.table().imageHeight() * figure.table().imageWidth();
        return Arrays.copyOfRange(figure.table().pixels(), i * size, (i + 1) * size);
    }

    @Test
    void anAutoencodersCurvesDrawItsReconstructionAndActiveUnitsOnly() {
        FigureContext ctx = context("{\"objective\":\"ae\",\"history\":[" + EPOCHS + "]}");
        ChartFigure figure = TrainingCurves.figure(ctx, 800, 600).orElseThrow();
        assertThat(panelAxes(figure)).containsExactly("recon (nats)", "active units");
        assertThat(figure.chart().getTitle().getText()).doesNotContain("ELBO").doesNotContain("β");
        FigureContext vae = context("{\"objective\":\"elbo\",\"history\":[" + EPOCHS + "]}");
        assertThat(panelAxes(TrainingCurves.figure(vae, 800, 600).orElseThrow()))
                .containsExactly("ELBO (nats)", "recon (nats)", "KL (nats)", "β", "active units");
    }

    private static List<String> panelAxes(ChartFigure figure) {
        List<String> axes = new ArrayList<>();
        for (XYPlot plot : ((CombinedDomainXYPlot) figure.chart().getPlot()).getSubplots()) {
            axes.add(plot.getRangeAxis().getLabel());
        }
        return axes;
    }

    private static FigureContext autoencoder() {
        return context("{\"objective\":\"ae\"}");
    }

    /** An untrained 3-D model: its logvar head is as random as an autoencoder's, its μ spread by dimension. */
    private static FigureContext context(String trainingJson) {
        Split split = Split.stratified(DigitsCsv.load(), 300, 1);
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), 3), new Rng(3));
        return FigureContext.of("ae.safetensors", vae, split.test(), "test", 0, trainingJson);
    }
}
