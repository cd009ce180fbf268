package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DatasetMetadata;
import org.latentatlas.data.Split;
import org.latentatlas.eval.Progress;
import org.latentatlas.eval.Projection;
import org.latentatlas.figures.Comparison;
import org.latentatlas.figures.Figure;
import org.latentatlas.figures.FigureContext;
import org.latentatlas.figures.FigureWriter;
import org.latentatlas.figures.Interpolations;
import org.latentatlas.figures.KlBars;
import org.latentatlas.figures.LatentScatter;
import org.latentatlas.figures.ManifoldGrid;
import org.latentatlas.figures.PriorSamples;
import org.latentatlas.figures.Reconstructions;
import org.latentatlas.figures.TrainingCurves;
import org.latentatlas.figures.Traversals;
import org.latentatlas.io.ModelFile;
import org.latentatlas.model.Vae;
import org.latentatlas.text.Words;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atlas plot}: the standard VAE figures of a model file, as PNG and SVG. */
@Command(name = "plot", header = "Draw every standard VAE figure of a model as PNG and SVG.", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Draw the standard figures of a model as PNG and SVG: latent scatter, manifold grid,"
                + " interpolations, reconstructions, prior samples, latent traversals, training curves, KL per"
                + " dimension and (with --compare) two models side by side. Each title names the model, data and"
                + " split.", "", ModelDataOptions.OWN_DATA})
public final class PlotCommand implements Callable<Integer> {
    static final int SCATTER_WIDTH = 920;
    static final int SCATTER_HEIGHT = 760;
    static final int CHART_WIDTH = 920;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file (.safetensors) written by atlas train.")
    Path model;

    @Option(names = "--out", defaultValue = "figures", paramLabel = "DIR", description = "Directory to write into (created if missing; a file"
            + " there is refused). Figures and scatter.csv already in it are replaced by new ones; a file of another"
            + " kind under one of their names is refused.")
    Path out;

    // Labels written out whole (hideParamSyntax), as train's --hidden: picocli's FMT[,FMT...] broke at the
    // bracket where the synopsis wraps.
    @Option(names = "--format", split = ",", defaultValue = "png,svg", paramLabel = "FORMATS", hideParamSyntax = true,
            description = "png, svg or both, comma-separated.")
    List<String> formats;

    @Option(names = "--only", split = ",", paramLabel = "FIGURES", hideParamSyntax = true,
            description = "Figures to draw, comma-separated (default: all; compare only with --compare): scatter,"
                    + " grid, interpolation, reconstructions, samples, traversals, curves, kl, compare. An"
                    // The figures of PlotOptions.NOT_FOR_AN_AUTOENCODER and NEEDS_IMAGES, which an annotation
                    // cannot read.
                    + " autoencoder (--objective ae) has no samples and no kl (no prior, no KL), and a split of one"
                    + " image no interpolation (it needs two): skipped without --only, saying why, and refused by it."
                    + " An option read"
                    + " only by figures it leaves out (--grid-size without grid, --seed with only kl, --dataset with"
                    + " only curves...) is refused, not ignored.")
    List<String> only;

    @Mixin
    ModelDataOptions data = new ModelDataOptions();

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|train", description = "Which split to draw: test or train.")
    String split;

    @Option(names = "--projection", defaultValue = "pca", paramLabel = "METHOD",
            description = "Scatter of a latent space above 2-D: pca (linear, z units), tsne or umap (seeded). A"
                    + " latent space of 2-D or less is drawn as is, so --projection is refused for one.")
    String projection;

    @Option(names = "--dims", paramLabel = "A,B",
            description = "Grid of a latent space above 2-D: the dimensions of the slice to walk (others at 0; an"
                    + " autoencoder's at the mean of its codes), counted from 0 as the figures' axes z₀, z₁, ... and"
                    + " evaluate's table count them; default: the plane of the two principal components of mu. A"
                    + " latent space of 2-D or less is walked whole, so --dims is refused for one.")
    String dims;

    @Option(names = "--grid-size", defaultValue = "15", paramLabel = "N", description = "N of the N×N manifold grid.")
    int gridSize;

    @Option(names = "--pair", paramLabel = "A,B", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Interpolate between typical images of classes A and B (by name or index); repeatable.")
    List<String> pairs = new ArrayList<>();

    @Option(names = "--random-pairs", defaultValue = "3", paramLabel = "K",
            description = "Random pairs to interpolate when no --pair is given (refused beside --pair): images of"
                    + " two different classes, no pair of classes twice until every pair has come once.")
    int randomPairs;

    @Option(names = "--compare", paramLabel = "OTHER",
            description = "A second model file (e.g. a plain autoencoder) drawn next to MODEL in the compare figure.")
    Path compare;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED",
            description = "Seed of random interpolation pairs, prior samples and t-SNE or UMAP projections; refused"
                    + " where no figure drawn uses it (a 2-D model's scatter alone, interpolations of --pair classes).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PlotOptions options = options();
        InputFiles.requireFile("MODEL", model, InputFiles.MODEL);
        if (compare != null) {
            InputFiles.requireFile("--compare", compare, InputFiles.MODEL);
        }
        PrintWriter printer = spec.commandLine().getOut();
        OutputFiles.claimDirectory("--out", out);
        Inputs in = inputs(options);
        List<Drawn> drawn = draw(in, options, printer);
        OutputFiles.createDirectory("--out", out);
        // Every path is claimed before the first is written: a refusal part-way would leave new figures beside old.
        OutputFiles.Claims claims = new OutputFiles.Claims();
        for (Drawn d : drawn) {
            for (Output file : d.files()) {
                claims.claim("--out", file.path(), file.kind());
            }
        }
        for (Drawn d : drawn) {
            List<String> written = new ArrayList<>();
            for (Output file : d.files()) {
                OutputFiles.Target.unchecked("--out", file.path(), file.kind()).recheck();
                file.write().run();
                written.add(file.path().toString());
            }
            printer.println("wrote " + String.join(", ", written) + d.note());
            printer.flush();
        }
        return 0;
    }

    /** Writes one file, at its {@link Output#path}. */
    @FunctionalInterface
    private interface FileWriter {
        void run() throws IOException;
    }

    /** One file plot writes: where, of what kind, and how, once every path is claimed. */
    private record Output(Path path, OutputFiles.Kind kind, FileWriter write) {}

    /** The files of one figure (or scatter.csv), reported on one line ending in {@code note}. */
    private record Drawn(List<Output> files, String note) {}

    /**
     * Builds every figure asked for, in writing order, writing nothing yet. The figures skipped for want of the data
     * are told on one line, each with what it reads, and how to point at the data once after it: the same fix under
     * every figure buried the figures among copies of it.
     */
    private List<Drawn> draw(Inputs in, PlotOptions options, PrintWriter printer) throws IOException {
        List<Drawn> drawn = new ArrayList<>();
        List<String> readingData = new ArrayList<>(); // "scatter (it places the split's images in the latent space)"
        for (PlotOptions.Kind kind : options.orderedKinds()) {
            if (PlotOptions.NOT_FOR_AN_AUTOENCODER.containsKey(kind) && in.ctx().autoencoder()) {
                printer.println("skipped " + kind.label() + ": " + in.ctx().modelName() + " is an autoencoder: "
                        + PlotOptions.NOT_FOR_AN_AUTOENCODER.get(kind));
                continue;
            }
            Optional<String> reads = in.missingData() == null ? Optional.empty() : PlotOptions.readsData(kind,
                    in.ctx().autoencoder(), in.ctx().latentDim(), options.plane().dims() != null);
            if (reads.isPresent()) {
                readingData.add(kind.label() + " (" + reads.get() + ")");
                continue;
            }
            if (kind == PlotOptions.Kind.SCATTER) {
                LatentScatter.Projected p = LatentScatter.project(in.ctx(), options.projection(), options.seed(),
                        progress(options.projection(), in.ctx()));
                drawn.add(new Drawn(List.of(new Output(out.resolve("scatter.csv"), OutputFiles.Kind.SCATTER_CSV,
                        () -> LatentScatter.writeCsv(in.ctx(), p, out.resolve("scatter.csv")))),
                        " (the plotted coordinates, one row per image)"));
                drawn.add(files(LatentScatter.figure(in.ctx(), p, "scatter", SCATTER_WIDTH, SCATTER_HEIGHT), options));
                continue;
            }
            // No ctx where the curves alone are drawn (from the model file), and they need no images.
            Optional<String> tooFew = PlotOptions.NEEDS_IMAGES.containsKey(kind)
                    ? PlotOptions.tooFewImages(kind, size(in.ctx())) : Optional.empty();
            if (tooFew.isPresent()) {
                printer.println("skipped " + kind.label() + ": " + tooFew.get());
                continue;
            }
            Optional<Figure> figure = build(kind, in, options);
            if (figure.isEmpty()) {
                printer.println("skipped " + kind.label() + ": the model file holds no per-epoch training history");
            } else {
                drawn.add(files(figure.get(), options));
            }
        }
        if (!readingData.isEmpty()) {
            // never one: without --only, where alone figures are skipped, five or six of them read the data
            printer.println("skipped " + readingData.size() + " figures that read the model's data: "
                    + Words.and(readingData));
            printer.println(in.missingData());
        }
        return drawn;
    }

    private Drawn files(Figure figure, PlotOptions options) {
        List<Output> files = new ArrayList<>();
        for (FigureWriter.Format format : options.orderedFormats()) {
            files.add(new Output(FigureWriter.path(figure, format, out), kind(format),
                    () -> FigureWriter.write(figure, format, out)));
        }
        return new Drawn(files, "");
    }

    private static OutputFiles.Kind kind(FigureWriter.Format format) {
        return switch (format) {
            case PNG -> OutputFiles.Kind.PNG;
            case SVG -> OutputFiles.Kind.SVG;
        };
    }

    private PlotOptions options() {
        Set<PlotOptions.Kind> kinds = new LinkedHashSet<>();
        if (only != null && only.isEmpty()) { // "--only ,": drawing everything would ignore what was typed
            String typed = String.join(" ", spec.commandLine().getParseResult().matchedOption("--only")
                    .originalStringValues());
            throw new IllegalArgumentException("--only '" + typed + "' names no figure (expected one or more"
                    + " of " + String.join(", ", PlotOptions.Kind.all()) + ")");
        }
        if (only == null) {
            for (PlotOptions.Kind k : PlotOptions.Kind.values()) {
                if (k != PlotOptions.Kind.COMPARE || compare != null) {
                    kinds.add(k);
                }
            }
        } else {
            only.forEach(s -> kinds.add(PlotOptions.Kind.parse(s)));
        }
        Set<FigureWriter.Format> fmts = new LinkedHashSet<>();
        formats.forEach(s -> fmts.add(FigureWriter.Format.parse(s)));
        PlotOptions options = new PlotOptions(kinds, fmts, Projection.parse(projection), PlotOptions.plane(dims),
                gridSize, pairs, randomPairs, seed, split, compare);
        PlotOptions.refuseOptionsNoFigureReads(options.kinds(), givenPerFigureOptions());
        PlotOptions.refuseRandomPairsBesidePairs(typed("--random-pairs"), pairs);
        return options;
    }

    /** The per-figure options typed on the command line, not left at their defaults, with what was typed. */
    private Map<String, List<String>> givenPerFigureOptions() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (String name : PlotOptions.READ_BY.keySet()) {
            if (parsed.hasMatchedOption(name)) {
                CommandLine.Model.OptionSpec option = parsed.matchedOption(name);
                given.put(name, option.arity().max() == 0 ? List.of() : option.stringValues()); // a flag: no value typed
            }
        }
        return given;
    }

    /**
     * Everything the figures read, loaded and checked against the model before the first file is written, so a
     * bad argument never leaves a half-written figure folder behind.
     *
     * @param ctx    the model and its data, or null when only the curves are drawn
     * @param pairs  --pair resolved to class indices
     * @param other  the --compare model and its data, or null without the compare figure
     * @param curves the training history and the caption of the curves
     */
    /**
     * {@code curves} is null when the curves figure is not drawn: it reads the model file once more.
     * {@code missingData} says why the model's data could not be loaded, where {@code ctx} is
     * {@link FigureContext#withoutData} (null otherwise).
     */
    private record Inputs(FigureContext ctx, List<int[]> pairs, FigureContext other, Curves curves,
                          String missingData) {
        Inputs(FigureContext ctx, List<int[]> pairs, FigureContext other, Curves curves) {
            this(ctx, pairs, other, curves, null);
        }
    }

    /** The curves' source: the file's history, captioned with the data it was measured on. */
    private record Curves(JsonNode training, String caption) {}

    private Inputs inputs(PlotOptions options) throws IOException {
        if (options.kinds().equals(Set.of(PlotOptions.Kind.CURVES))) {
            return new Inputs(null, List.of(), null, recordedCurves(model, ModelFile.read(model)));
        }
        ModelFile.LoadedModel loaded = ModelFile.read(model); // read once: the figures and the curves both need it
        FigureContext ctx;
        try {
            ctx = load(model, loaded, options.split());
        } catch (RecordedDataset.Missing e) { // data that changed since training still fails: it is not the model's
            return withoutData(options, loaded, e);
        }
        options.plane().checkFits(ctx.latentDim());
        List<int[]> pairs = classPairs(ctx, options.pairs());
        FigureContext other = options.compare() == null ? null
                : load(options.compare(), ModelFile.read(options.compare()), options.split());
        // Before the seed's refusal, which judges the figures drawn: --only samples --seed 3 of an autoencoder is
        // refused for the samples it does not have, not for a seed that nothing drawn reads.
        if (ctx.autoencoder() && only != null) {
            PlotOptions.refuseWhatAnAutoencoderLacks(options.kinds(), ctx.modelName());
        }
        // Likewise for a split too small for a figure (one image has no second end to interpolate to): asked for by
        // --only, or by an option only it reads, it is refused; otherwise draw skips it, saying why.
        if (only != null) {
            PlotOptions.refuseWhatTheSplitCannotHold(options.kinds(), size(ctx));
        }
        PlotOptions.refuseOptionsOnlySkippedFiguresRead(options.kinds(), givenPerFigureOptions(), size(ctx));
        refusePairsOfAbsentClasses(ctx, options.pairs(), pairs);
        PlotOptions.refuseProjectionOfAPlane(options.kinds(), typed("--projection"), latent(ctx),
                other == null ? null : latent(other));
        // An autoencoder's samples are skipped, so they take no seed: --pair 3,8 --seed 7 changes nothing of its.
        boolean pairsGiven = !options.pairs().isEmpty();
        PlotOptions.refuseSeedNothingRandomReads(PlotOptions.drawn(options.kinds(), ctx.autoencoder(), size(ctx)),
                typed("--seed"), latent(ctx), options.projection(), pairsGiven, PlotOptions.skippedSeedReaders(
                        options.kinds(), ctx.autoencoder(), ctx.modelName(), size(ctx), pairsGiven));
        PlotOptions.refuseDimsOfAPlane(options.kinds(), typed("--dims"), latent(ctx));
        PlotOptions.refuseProjectionOfTooFewPoints(options, typed("--limit"), split(ctx),
                other == null ? null : split(other));
        return new Inputs(ctx, pairs, other,
                options.kinds().contains(PlotOptions.Kind.CURVES) ? recordedCurves(model, loaded) : null);
    }

    /**
     * The model's data is not found: without --only, the figures drawn from the model file alone (curves, a VAE's
     * samples and its grid of a plane walked at prior quantiles) are still drawn, captioned from the file as the
     * curves are, and draw skips the others, each saying why and how to point at the data; --only gets them if it
     * names only such figures. Otherwise, or where none of them would be drawn, the data's error stands, as before.
     */
    private Inputs withoutData(PlotOptions options, ModelFile.LoadedModel loaded, RecordedDataset.Missing e)
            throws IOException {
        Curves curves = recordedCurves(model, loaded);
        FigureContext ctx = FigureContext.withoutData(model.getFileName().toString(),
                new Vae(loaded.config(), loaded.parameters()),
                ModelDatasets.recordedMetadata(model.toString(), loaded).name(), curves.caption(),
                loaded.metadata().get(TrainingRun.TRAINING_KEY));
        boolean drawable = false;
        for (PlotOptions.Kind kind : options.kinds()) {
            boolean reads = PlotOptions.readsData(kind, ctx.autoencoder(), ctx.latentDim(),
                    options.plane().dims() != null).isPresent();
            if (reads && only != null) {
                throw e; // asked for by name: refused, as it always was
            }
            drawable |= !reads && !(ctx.autoencoder() && PlotOptions.NOT_FOR_AN_AUTOENCODER.containsKey(kind))
                    && !(kind == PlotOptions.Kind.CURVES && curves.training().path("history").isEmpty());
        }
        if (!drawable) {
            throw e;
        }
        options.plane().checkFits(ctx.latentDim());
        if (ctx.autoencoder() && only != null) {
            PlotOptions.refuseWhatAnAutoencoderLacks(options.kinds(), ctx.modelName());
        }
        PlotOptions.refuseProjectionOfAPlane(options.kinds(), typed("--projection"), latent(ctx), null);
        PlotOptions.refuseDimsOfAPlane(options.kinds(), typed("--dims"), latent(ctx));
        return new Inputs(ctx, List.of(), null, options.kinds().contains(PlotOptions.Kind.CURVES) ? curves : null,
                e.getMessage());
    }

    /** What the user typed for {@code option}, or null when it was left at its default. */
    private String typed(String option) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        return parsed.hasMatchedOption(option) ? String.join(" ", parsed.matchedOption(option).stringValues()) : null;
    }

    private static PlotOptions.Drawn split(FigureContext ctx) {
        return new PlotOptions.Drawn(latent(ctx), ctx.split(), ctx.data().size());
    }

    private PlotOptions.SplitSize size(FigureContext ctx) {
        return new PlotOptions.SplitSize(ctx.split(), ctx.data().size(), typed("--limit"));
    }

    private static PlotOptions.Latent latent(FigureContext ctx) {
        return new PlotOptions.Latent(ctx.modelName(), ctx.latentDim());
    }

    /**
     * The curves need no data: the history is in the file and its test columns were measured on the recorded test
     * split, so the caption comes from the file too, whatever --split or --dataset the other figures are drawn
     * from, and the curves alone can be drawn where the data is not.
     */
    private static Curves recordedCurves(Path path, ModelFile.LoadedModel loaded) throws IOException {
        JsonNode training = ModelDatasets.training(path, loaded);
        DatasetMetadata data = ModelDatasets.recordedMetadata(path.toString(), loaded);
        return new Curves(training, FigureContext.caption(path.getFileName().toString(), loaded.config(),
                training.path("objective").asText("elbo"), data.name(), "test split", data.testSize()));
    }

    /** With --dataset, both models of a comparison are drawn on that data; without it, each on its own. */
    private FigureContext load(Path path, ModelFile.LoadedModel loaded, String split) throws IOException {
        ModelDatasets.Chosen chosen = ModelDatasets.choose(path, loaded, ModelDatasets.training(path, loaded), data,
                split);
        Split s = chosen.data().split();
        Dataset data = split.equals("train") ? s.train() : s.test();
        return FigureContext.of(path.getFileName().toString(), new Vae(loaded.config(), loaded.parameters()), data,
                split, chosen.validationLeftOut(), loaded.metadata().get(TrainingRun.TRAINING_KEY));
    }

    private Optional<Figure> build(PlotOptions.Kind kind, Inputs in, PlotOptions o) throws IOException {
        FigureContext ctx = in.ctx();
        return switch (kind) {
            case SCATTER -> throw new IllegalStateException("the scatter is drawn with its CSV, see draw");
            case GRID -> Optional.of(ManifoldGrid.figure(ctx, o.gridSize(), o.plane()));
            case INTERPOLATION -> Optional.of(Interpolations.figure(ctx, in.pairs(), o.randomPairs(), o.seed()));
            case RECONSTRUCTIONS -> Optional.of(Reconstructions.figure(ctx));
            case SAMPLES -> Optional.of(PriorSamples.figure(ctx, o.seed()));
            case TRAVERSALS -> Optional.of(Traversals.figure(ctx));
            case CURVES -> TrainingCurves.figure(in.curves().training(), in.curves().caption(), CHART_WIDTH, 900)
                    .map(f -> f);
            case KL -> Optional.of(KlBars.figure(ctx, CHART_WIDTH, 640));
            case COMPARE -> Optional.of(new Comparison(ctx, in.other(), o.projection(), o.seed(),
                    progress(o.projection(), ctx, in.other())));
        };
    }

    /**
     * Where a slow projection (t-SNE, UMAP of more than two dimensions) shows how far it has got, after a line on
     * the error stream saying what it does and how long that takes: minutes of silence would read as a hang.
     */
    private Progress progress(Projection projection, FigureContext... projected) {
        PrintWriter err = spec.commandLine().getErr();
        boolean slow = false;
        for (FigureContext ctx : projected) {
            Optional<String> note = LatentScatter.projecting(ctx, projection);
            if (note.isPresent()) {
                err.println(spec.qualifiedName() + ": " + ctx.modelName() + ": " + note.get());
                slow = true;
            }
        }
        err.flush();
        return slow ? new ConsoleProgress(err, System.console() != null) : Progress.NONE;
    }

    /** "3,8" → class indices, matching class names first ("T-shirt/top"), then 0-based indices. */
    static List<int[]> classPairs(FigureContext ctx, List<String> pairs) {
        List<int[]> out = new ArrayList<>();
        for (String pair : pairs) {
            String[] parts = pair.split(",");
            int a = classIndex(ctx.data(), parts[0].strip());
            int b = classIndex(ctx.data(), parts[1].strip());
            if (a == b) { // both ends would be the same medoid: a row of one image
                throw new IllegalArgumentException("--pair " + pair + ": both ends are " + ctx.className(a)
                        + "; name two different classes");
            }
            out.add(new int[] {a, b});
        }
        return out;
    }

    /**
     * Refuses a --pair class of which the split holds no image: the row would walk to its typical image, which does
     * not exist. A small split (a --limit subsample of a few images) keeps only some classes, so the refusal names
     * those it does hold.
     *
     * @param typed    --pair as typed, one "A,B" a pair
     * @param resolved the class indices of each pair, as {@link #classPairs} gives them
     */
    private void refusePairsOfAbsentClasses(FigureContext ctx, List<String> typed, List<int[]> resolved) {
        int[] images = ctx.data().classCounts();
        for (int p = 0; p < resolved.size(); p++) {
            List<String> absent = new ArrayList<>();
            for (int c : resolved.get(p)) {
                if (images[c] == 0) {
                    absent.add(ctx.className(c));
                }
            }
            if (absent.isEmpty()) {
                continue;
            }
            List<String> held = new ArrayList<>();
            for (int c = 0; c < images.length; c++) {
                if (images[c] > 0) {
                    held.add(ctx.className(c));
                }
            }
            String limit = typed("--limit");
            throw new IllegalArgumentException("--pair " + typed.get(p) + ": " + (limit == null
                    ? "the " + ctx.split() + " split holds no image of " : "--limit " + limit + " leaves no "
                            + ctx.split() + " image of ") + Words.or(absent) + ", only of " + Words.and(held) + "; "
                    + (limit == null ? "name classes it holds" : "raise --limit or name classes it leaves"));
        }
    }

    private static int classIndex(Dataset data, String token) {
        int byName = data.classNames().indexOf(token);
        if (byName >= 0) {
            return byName;
        }
        try {
            int i = Integer.parseInt(token);
            if (i >= 0 && i < data.classNames().size()) {
                return i;
            }
        } catch (NumberFormatException e) {
            // not a number either: reported below with the names that would work
        }
        throw new IllegalArgumentException("--pair: no class '" + token + "' in " + data.name() + " (classes: "
                + String.join(", ", data.classNames()) + ")");
    }
}
