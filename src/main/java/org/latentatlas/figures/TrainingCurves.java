package org.latentatlas.figures;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Learning curves from the history a model file carries: one panel per quantity (ELBO, reconstruction, KL,
 * and β or active units when the training run recorded them), train and test in each, and validation where the run
 * held a validation set out, with the epoch whose weights early stopping kept marked.
 *
 * <p>Fields are read by name and missing ones skipped, so files from older or newer training code still plot.
 */
public final class TrainingCurves {
    private static final Color TRAIN = Theme.classColour(4); // Okabe–Ito blue
    private static final Color TEST = Theme.classColour(5);  // Okabe–Ito vermillion
    private static final Color OTHER = Theme.classColour(2); // Okabe–Ito bluish green
    private static final Color VALIDATION = Theme.classColour(6); // Okabe–Ito reddish purple
    private static final Color KEPT = Theme.MUTED;
    private static final Ellipse2D DOT = new Ellipse2D.Double(-4, -4, 8, 8);

    /**
     * One panel: its axis title, the history fields drawn in it (validation null where there is none), its height
     * weight, and whether its axis starts at zero with whole-number ticks (counts) or at zero at all (β, which is
     * often constant).
     */
    private record Panel(String axis, String trainField, String testField, String validationField, int weight,
                         boolean fromZero, boolean integer) {}

    // Axis titles stay short: stacked panels are too low for long vertical labels, and the title explains them.
    private static final List<Panel> PANELS = List.of(
            new Panel("ELBO (nats)", "trainElbo", "testElbo", "validationElbo", 2, false, false),
            new Panel("recon (nats)", "trainRecon", "testRecon", "validationRecon", 2, false, false),
            new Panel("KL (nats)", "trainKl", "testKl", "validationKl", 2, false, false),
            new Panel("β", "beta", null, null, 1, true, false),
            new Panel("active units", "activeUnits", null, null, 1, true, true));

    /**
     * An autoencoder's file stores ELBO = −recon, KL = 0 and β = 1 only because every objective shares one format;
     * drawn, they would show a bound and a KL term it does not have.
     */
    private static final List<Panel> AUTOENCODER_PANELS = List.of(PANELS.get(1), PANELS.get(4));

    /**
     * What the two curves measure. They differ by design, not only by overfitting: train averages the weights of a
     * whole epoch, test takes the weights at its end, so early in training, while each epoch improves the model a
     * lot, test is above train.
     */
    static final String SUBTITLE = "Per example, in nats; recon = −log p(x|z), KL = KL(q(z|x) ‖ p(z)). Train: the"
            + " mean over the epoch's minibatches, while the weights still moved; test: the held-out split with the"
            + " weights at the epoch's end. So while training improves fast, the test ELBO runs above the train ELBO;"
            + " later, train above test is the generalization gap, and a test ELBO that falls while train still rises"
            + " is overfitting.";

    /** {@link #SUBTITLE} for an autoencoder, which has no KL term and no bound. */
    static final String AUTOENCODER_SUBTITLE = "Per example, in nats; recon = −log p(x|z = μ), an autoencoder's"
            + " reconstruction, not a bound on log p(x) (no KL term: z = μ). Train: the mean over the epoch's"
            + " minibatches, while the weights still moved; test: the held-out split with the weights at the epoch's"
            + " end. So while training improves fast, the test recon runs below the train recon; later, train below"
            + " test is the generalization gap, and a test recon that rises while train still falls is overfitting.";

    /**
     * Added to the subtitle where the history has validation numbers: what that third curve measures. Files without
     * them keep the subtitle they always had.
     */
    static final String VALIDATION_NOTE = " Validation: the examples training held out of the train split, with the"
            + " weights at the epoch's end.";

    /**
     * Added to the subtitle where a run was tested on one example: μ cannot vary over one, so it counted no active
     * units (0 every epoch, before, which drew as total collapse).
     */
    static final String ONE_EXAMPLE_NOTE = " No active units: the test split held one example, and activity is the"
            + " variance of μ over examples.";

    private TrainingCurves() {}

    /** Empty when the model file holds no per-epoch history. */
    public static Optional<ChartFigure> figure(FigureContext ctx, int width, int height) {
        return figure(ctx.training(), ctx.caption(), width, height);
    }

    /**
     * The curves of a model's {@code atlas.training} metadata: they need no data, only the history the file holds.
     * Empty when it holds none.
     */
    public static Optional<ChartFigure> figure(JsonNode training, String caption, int width, int height) {
        JsonNode history = training.path("history");
        if (!history.isArray() || history.isEmpty()) {
            return Optional.empty();
        }
        NumberAxis epochs = axis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // a run of 2 epochs had ticks at 0.95, 1.05
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(epochs);
        combined.setGap(12);
        boolean autoencoder = FigureContext.isAutoencoder(training.path("objective").asText("elbo"));
        // Recorded only where early stopping restored that epoch's weights (not when --stop-after-steps cut the run
        // short first): the model file holds that epoch's weights, not the last one's.
        int kept = training.path("bestEpoch").asInt(0);
        String watched = autoencoder ? "validation recon" : "validation ELBO";
        boolean validation = addPanels(combined, history, autoencoder ? AUTOENCODER_PANELS : PANELS,
                kept > 0 ? "kept: epoch " + kept + ", best " + watched : null, kept);
        Theme.stylePlot(combined);
        boolean units = recorded(history, "activeUnits");
        JFreeChart chart = new JFreeChart(autoencoder
                ? "Training curves: reconstruction per epoch" + (units ? " and active units" : "")
                : "Training curves: ELBO = −(recon + KL) per epoch" + (units ? ", β and active units" : " and β"),
                Theme.TITLE, combined, true);
        chart.addSubtitle(0, new TextTitle(caption));
        String subtitle = autoencoder ? AUTOENCODER_SUBTITLE : SUBTITLE;
        boolean unmeasured = false; // train writes null on a test split of one example; older files lack the field
        for (JsonNode epoch : history) {
            unmeasured |= epoch.has("activeUnits") && epoch.get("activeUnits").isNull();
        }
        if (!units && unmeasured) {
            subtitle += ONE_EXAMPLE_NOTE;
        }
        if (validation) {
            subtitle += VALIDATION_NOTE + (kept > 0 ? String.format(Locale.ROOT, " Early stopping watched the %s and"
                    + " kept the weights of epoch %d (the grey line): the model file holds those, not the last"
                    + " epoch's.", watched, kept) : "");
        }
        chart.addSubtitle(1, new TextTitle(subtitle));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        Theme.style(chart);
        return Optional.of(new ChartFigure("curves", chart, width, height));
    }

    /**
     * One subplot per panel the history has a value for; the first train/test pair names the lines in the legend.
     * With {@code keptLabel}, every panel marks epoch {@code kept}, the first saying what it is.
     *
     * @return whether any panel drew a validation curve
     */
    private static boolean addPanels(CombinedDomainXYPlot combined, JsonNode history, List<Panel> panels,
                                     String keptLabel, int kept) {
        boolean legendDone = false;
        boolean validation = false;
        boolean keptLabelled = false;
        for (Panel panel : panels) {
            XYSeriesCollection data = new XYSeriesCollection();
            addSeries(data, history, panel.trainField(), panel.testField() == null ? "per epoch" : "train (mean over the epoch)");
            if (panel.testField() != null) {
                addSeries(data, history, panel.testField(), "test (after the epoch)");
            }
            if (panel.validationField() != null) {
                int before = data.getSeriesCount();
                addSeries(data, history, panel.validationField(), "validation (after the epoch)");
                validation |= data.getSeriesCount() > before;
            }
            if (data.getSeriesCount() == 0) {
                continue;
            }
            boolean pair = data.getSeriesCount() >= 2 || panel.testField() != null;
            NumberAxis range = axis(panel.axis());
            range.setAutoRangeIncludesZero(panel.fromZero());
            if (panel.integer()) {
                range.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            }
            XYPlot plot = new XYPlot(data, null, range, renderer(data, pair, !legendDone));
            legendDone |= pair;
            if (keptLabel != null) {
                plot.addDomainMarker(keptMarker(kept, keptLabelled ? null : keptLabel));
                keptLabelled = true;
            }
            Theme.stylePlot(plot);
            combined.add(plot, panel.weight());
        }
        return validation;
    }

    /** A grey vertical line at the epoch early stopping kept, labelled where {@code label} is not null. */
    private static ValueMarker keptMarker(int epoch, String label) {
        ValueMarker marker = new ValueMarker(epoch, KEPT, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {2f, 3f}, 0f));
        if (label != null) {
            marker.setLabel(label);
            marker.setLabelFont(Theme.TICK);
            marker.setLabelPaint(KEPT);
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            // Left of the line (a run stops patience epochs after it, so the right has little room), at the foot
            // of the ELBO panel, which the curves have left by then: they rise to its top.
            marker.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
            marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        }
        return marker;
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        Theme.styleAxis(axis);
        return axis;
    }

    /** Whether some epoch holds a value of {@code field} to draw, as {@link #addSeries} reads them. */
    private static boolean recorded(JsonNode history, String field) {
        for (JsonNode epoch : history) {
            if (drawable(epoch.path(field))) {
                return true;
            }
        }
        return false;
    }

    private static boolean drawable(JsonNode v) {
        return v.isNumber() && Double.isFinite(v.asDouble());
    }

    private static void addSeries(XYSeriesCollection data, JsonNode history, String field, String name) {
        XYSeries series = new XYSeries(name, false, true);
        int row = 0;
        for (JsonNode epoch : history) {
            row++;
            JsonNode v = epoch.path(field);
            if (drawable(v)) {
                series.add(epoch.path("epoch").asInt(row), v.asDouble());
            }
        }
        if (!series.isEmpty()) {
            data.addSeries(series);
        }
    }

    private static XYLineAndShapeRenderer renderer(XYSeriesCollection data, boolean trainTest, boolean showInLegend) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            // A line needs two points: a one-epoch run's single value would be drawn as nothing at all.
            r.setSeriesShapesVisible(s, data.getSeries(s).getItemCount() < 2);
            r.setSeriesShape(s, DOT); // else each panel takes the next of JFreeChart's shapes
        }
        if (trainTest) {
            // By name, not position: a history missing the test numbers would otherwise paint validation as test.
            for (int s = 0; s < data.getSeriesCount(); s++) {
                String name = data.getSeriesKey(s).toString();
                boolean test = name.startsWith("test");
                boolean validation = name.startsWith("validation");
                r.setSeriesPaint(s, test ? TEST : validation ? VALIDATION : TRAIN);
                r.setSeriesStroke(s, test ? dashed(6f, 4f) : validation ? dashed(2f, 3f) : new BasicStroke(2f));
            }
        } else {
            r.setSeriesPaint(0, OTHER);
            r.setSeriesStroke(0, new BasicStroke(2f));
        }
        r.setDefaultSeriesVisibleInLegend(showInLegend);
        return r;
    }

    private static BasicStroke dashed(float dash, float gap) {
        return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {dash, gap}, 0f);
    }
}
