package org.latentatlas.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.latentatlas.eval.Projection;
import org.latentatlas.figures.FigureWriter.Format;
import org.latentatlas.figures.Interpolations;
import org.latentatlas.figures.KlBars;
import org.latentatlas.figures.LatentScatter;
import org.latentatlas.figures.ManifoldGrid;
import org.latentatlas.figures.PriorSamples;
import org.latentatlas.text.Words;

/**
 * Everything {@code atlas plot} was asked for, validated once so the figure code can trust it.
 *
 * @param kinds       figures to draw
 * @param formats     files to write per figure
 * @param projection  how to flatten a latent space of more than two dimensions for the scatter
 * @param plane       which plane the manifold grid walks when the latent space has more than two dimensions
 * @param gridSize    N of the N×N manifold grid
 * @param pairs       class pairs to interpolate between, as the user typed them ("3,8"); empty for random pairs
 * @param randomPairs how many random pairs when none are given
 * @param seed        seed of projections, random pairs and prior samples
 * @param split       "test" or "train", in any case (kept in lower case)
 * @param compare     a second model file for the compare figure, or null
 */
record PlotOptions(Set<PlotOptions.Kind> kinds, Set<Format> formats, Projection projection, ManifoldGrid.Plane plane,
                   int gridSize, List<String> pairs, int randomPairs, long seed, String split, Path compare) {

    /** The figures, in the order they are written. */
    enum Kind {
        SCATTER, GRID, INTERPOLATION, RECONSTRUCTIONS, SAMPLES, TRAVERSALS, CURVES, KL, COMPARE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.label().equals(t) || k.label().equals(t + "s")) { // "reconstruction", "traversal" too
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown figure '" + s + "' (expected one of "
                    + String.join(", ", all()) + ")");
        }

        static List<String> all() {
            List<String> names = new ArrayList<>();
            for (Kind k : values()) {
                names.add(k.label());
            }
            return names;
        }
    }

    PlotOptions {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        formats = Set.copyOf(formats);
        pairs = List.copyOf(pairs);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("--only names no figure");
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("--format names no format (expected png, svg or both)");
        }
        if (gridSize < 2 || gridSize > 40) {
            throw new IllegalArgumentException("--grid-size must be in 2..40, got " + gridSize);
        }
        if (randomPairs < 1 || randomPairs > 12) {
            throw new IllegalArgumentException("--random-pairs must be in 1..12, got " + randomPairs);
        }
        split = SplitOption.named(split);
        if (kinds.contains(Kind.COMPARE) && compare == null) {
            throw new IllegalArgumentException("the compare figure needs a second model: --compare OTHER.safetensors");
        }
        for (String pair : pairs) {
            if (pair.split(",", -1).length != 2 || pair.split(",")[0].isBlank() || pair.split(",")[1].isBlank()) {
                throw new IllegalArgumentException("--pair takes two classes such as 3,8, got '" + pair + "'");
            }
        }
    }

    /**
     * The figures each per-figure option changes. Given while --only leaves all of them out, the option would do
     * nothing, silently: a user who asked for --grid-size 25 would wonder why the grid did not change.
     */
    static final Map<String, Set<Kind>> READ_BY = readBy();

    private static Map<String, Set<Kind>> readBy() {
        Map<String, Set<Kind>> m = new LinkedHashMap<>();
        // Samples decode the prior and curves the stored history: they draw no split's images.
        Set<Kind> drawSplitImages = EnumSet.complementOf(EnumSet.of(Kind.SAMPLES, Kind.CURVES));
        m.put("--split", drawSplitImages);
        m.put("--limit", drawSplitImages);
        // Curves read the model file alone (their caption too); samples take their tile shape and caption from the
        // data (kl is a mean over the split's encodings), so other data, or where it is found, changes them.
        Set<Kind> readData = EnumSet.complementOf(EnumSet.of(Kind.CURVES));
        for (String option : List.of("--dataset", "--test-size", "--csv-header", "--csv-label", "--shape",
                "--value-range", "--resize", "--data-dir", "--cache-dir", "--download", "--mirror")) {
            m.put(option, readData);
        }
        m.put("--projection", EnumSet.of(Kind.SCATTER, Kind.COMPARE));
        m.put("--dims", EnumSet.of(Kind.GRID));
        m.put("--grid-size", EnumSet.of(Kind.GRID));
        m.put("--pair", EnumSet.of(Kind.INTERPOLATION));
        m.put("--random-pairs", EnumSet.of(Kind.INTERPOLATION));
        m.put("--compare", EnumSet.of(Kind.COMPARE));
        m.put("--seed", EnumSet.of(Kind.SCATTER, Kind.INTERPOLATION, Kind.SAMPLES, Kind.COMPARE));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Refuses an option that none of {@code kinds} reads.
     *
     * @param given the options of {@link #READ_BY} given on the command line, each with the values typed (several
     *              for a repeated --pair)
     */
    static void refuseOptionsNoFigureReads(Set<Kind> kinds, Map<String, List<String>> given) {
        for (Map.Entry<String, List<String>> option : given.entrySet()) {
            Set<Kind> readers = READ_BY.get(option.getKey());
            if (readers.stream().noneMatch(kinds::contains)) {
                List<String> names = readers.stream().map(Kind::label).toList();
                String typed = option.getValue().isEmpty() ? option.getKey() // a flag: --csv-header
                        : option.getValue().stream().map(v -> option.getKey() + " " + v)
                                .collect(Collectors.joining(" "));
                throw new IllegalArgumentException(typed + " applies only to the " + Words.and(names) + " figure"
                        + (names.size() > 1 ? "s" : "") + ", which --only leaves out; add "
                        + (names.size() > 1 ? "one of them" : names.get(0)) + " to --only or drop " + option.getKey());
            }
        }
    }

    /** A model whose latent space the scatter or compare figure draws: its file name and latent dimensions. */
    record Latent(String model, int dims) {}

    /** A model and the images of the split it is drawn from: how many and which split. */
    record Drawn(Latent latent, String split, int images) {}

    /**
     * Refuses --random-pairs beside --pair: the interpolation then walks between the named classes and draws no
     * random pair, so the count would be ignored, as a seed is ({@link #refuseSeedNothingRandomReads}).
     *
     * @param typed --random-pairs as typed, or null when it was not given
     */
    static void refuseRandomPairsBesidePairs(String typed, List<String> pairs) {
        if (typed != null && !pairs.isEmpty()) {
            throw new IllegalArgumentException("--random-pairs " + typed + ": --pair " + String.join(" --pair ", pairs)
                    + (pairs.size() == 1 ? " names" : " name") + " the classes to interpolate between, so no random"
                    + " pair is drawn; drop --random-pairs or --pair");
        }
    }

    /**
     * Refuses a t-SNE or UMAP projection of fewer points than it needs ({@link Projection#minPoints}), before any
     * figure is drawn, naming --limit where that is what cut the split so small, and offering only the projections
     * that can flatten that many.
     *
     * @param typedLimit --limit as typed, or null
     * @param compare    the --compare model's split, or null without the compare figure
     */
    static void refuseProjectionOfTooFewPoints(PlotOptions options, String typedLimit, Drawn model, Drawn compare) {
        Projection projection = options.projection();
        List<Drawn> projected = new ArrayList<>();
        if (options.kinds().contains(Kind.SCATTER) || options.kinds().contains(Kind.COMPARE)) {
            projected.add(model);
        }
        if (options.kinds().contains(Kind.COMPARE) && compare != null) {
            projected.add(compare);
        }
        for (Drawn d : projected) {
            int needs = projection.minPoints();
            if (d.latent().dims() > 2 && d.images() < needs) {
                String images = d.images() + " " + d.split() + " image" + (d.images() == 1 ? "" : "s");
                String name = projection == Projection.TSNE ? "t-SNE" : projection.name();
                String others = Arrays.stream(Projection.values())
                        .filter(p -> p != projection && p.minPoints() <= d.images())
                        .map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or "));
                throw new IllegalArgumentException(typedLimit == null
                        ? "--projection " + projection.name().toLowerCase(Locale.ROOT) + ": " + d.latent().model()
                                + " is drawn from " + images + ", and " + name + " needs at least " + needs
                                + "; use --projection " + others
                        : "--limit " + typedLimit + " leaves " + images + " of " + d.latent().model() + " to"
                                + " project, and " + name + " needs at least " + needs + "; raise --limit, or use"
                                + " --projection " + others);
            }
        }
    }

    /**
     * Refuses --projection when every latent space the figures drawn would project has at most two dimensions:
     * those are drawn as they are (a 1-D one as a strip), so the projection would be ignored as silently as an
     * option that no drawn figure reads ({@link #READ_BY}).
     *
     * @param typed   --projection as typed, or null when it was not given
     * @param model   MODEL
     * @param compare OTHER, or null without the compare figure
     */
    static void refuseProjectionOfAPlane(Set<Kind> kinds, String typed, Latent model, Latent compare) {
        List<Latent> drawn = new ArrayList<>();
        if (kinds.contains(Kind.SCATTER) || kinds.contains(Kind.COMPARE)) {
            drawn.add(model);
        }
        if (kinds.contains(Kind.COMPARE) && compare != null) {
            drawn.add(compare);
        }
        if (typed == null || drawn.isEmpty() || drawn.stream().anyMatch(l -> l.dims() > 2)) {
            return;
        }
        List<String> figures = kinds.stream().filter(k -> k == Kind.SCATTER || k == Kind.COMPARE).sorted()
                .map(Kind::label).toList();
        List<String> dims = drawn.stream().map(l -> l.dims() + "-D").distinct().toList();
        boolean one = drawn.size() == 1;
        throw new IllegalArgumentException("--projection " + typed + ": the " + Words.and(dims) + " latent space"
                + (one ? "" : "s") + " of " + Words.and(drawn.stream().map(Latent::model).toList())
                + (one ? " is" : " are") + " drawn as is by the " + Words.and(figures) + " figure"
                + (figures.size() > 1 ? "s" : "") + "; a projection applies only above 2 dimensions, so drop"
                + " --projection");
    }

    /**
     * Refuses --seed when nothing the figures drawn here draw is random: the seed picks random interpolation pairs
     * (none with --pair), prior samples (the samples and compare figures), t-SNE and UMAP projections and the
     * jitter of a 1-D strip; a 2-D scatter is the plane as is and PCA is exact. {@link #READ_BY} has already
     * refused it where --only leaves out every figure that can read it.
     *
     * @param typed      --seed as typed, or null when it was not given
     * @param model      MODEL, whose latent space the scatter draws
     * @param pairsGiven whether --pair names the interpolation's classes
     * @param skipped    why the figures that would read the seed are not drawn, from {@link #skippedSeedReaders}: a
     *                   user who asked for nothing but a seed needs to hear why it has nothing to draw
     */
    static void refuseSeedNothingRandomReads(Set<Kind> kinds, String typed, Latent model, Projection projection,
                                             boolean pairsGiven, List<String> skipped) {
        boolean randomScatter = model.dims() == 1 || model.dims() > 2 && projection != Projection.PCA;
        if (typed == null || kinds.contains(Kind.SAMPLES) || kinds.contains(Kind.COMPARE)
                || kinds.contains(Kind.INTERPOLATION) && !pairsGiven || kinds.contains(Kind.SCATTER) && randomScatter) {
            return;
        }
        List<String> why = new ArrayList<>();
        if (kinds.contains(Kind.SCATTER)) {
            why.add(model.dims() == 2 ? "the scatter figure draws the 2-D latent space of " + model.model() + " as is"
                    : "the scatter figure projects the " + model.dims() + "-D latent space of " + model.model()
                            + " by PCA, which is not random");
        }
        if (kinds.contains(Kind.INTERPOLATION)) {
            why.add("the interpolation figure walks between the classes --pair names");
        }
        why.addAll(skipped);
        throw new IllegalArgumentException("--seed " + typed + " changes nothing drawn: " + Words.and(why) + "; the"
                + " seed draws random pairs (without --pair), prior samples and t-SNE or UMAP projections, so drop"
                + " --seed");
    }

    /**
     * For each figure of {@code kinds} that would read a seed but is skipped here, the reason in a few words: "the
     * samples figure is skipped (ae.safetensors is an autoencoder)", "the interpolation figure is skipped (--limit 1
     * leaves 1 test image)". The interpolation reads the seed only without --pair.
     */
    static List<String> skippedSeedReaders(Set<Kind> kinds, boolean autoencoder, String modelName, SplitSize split,
                                           boolean pairsGiven) {
        List<String> skipped = new ArrayList<>();
        for (Kind kind : List.of(Kind.INTERPOLATION, Kind.SAMPLES, Kind.COMPARE)) {
            if (!kinds.contains(kind) || kind == Kind.INTERPOLATION && pairsGiven) {
                continue;
            }
            if (autoencoder && NOT_FOR_AN_AUTOENCODER.containsKey(kind)) {
                skipped.add("the " + kind.label() + " figure is skipped (" + modelName + " is an autoencoder)");
            } else if (tooFewImages(kind, split).isPresent()) {
                skipped.add("the " + kind.label() + " figure is skipped (" + split.holds() + ")");
            }
        }
        return skipped;
    }

    /**
     * Refuses --dims when the grid would walk the model's whole latent space anyway: a 2-D one is the plane z₀–z₁
     * (as the scatter draws it), a 1-D one a strip, so a slice typed for it would be ignored as silently as a
     * projection ({@link #refuseProjectionOfAPlane}).
     *
     * @param typed --dims as typed, or null when it was not given
     */
    static void refuseDimsOfAPlane(Set<Kind> kinds, String typed, Latent model) {
        if (typed == null || !kinds.contains(Kind.GRID) || model.dims() > 2) {
            return;
        }
        throw new IllegalArgumentException("--dims " + typed + ": the grid figure walks the whole " + model.dims()
                + "-D latent space of " + model.model() + (model.dims() == 2 ? " (z₀ across, z₁ up, as the scatter)"
                        : " as a strip") + "; a slice applies only above 2 dimensions, so drop --dims");
    }

    /**
     * The figures a plain autoencoder does not have, in writing order, each with why: the KL bars for evaluate's
     * reason (bars of its untrained logvar head would add up to a KL term the model does not have), the samples
     * because it has no prior to draw them from. Without --only they are skipped, saying why.
     */
    static final Map<Kind, String> NOT_FOR_AN_AUTOENCODER = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            Kind.SAMPLES, PriorSamples.NOT_FOR_AN_AUTOENCODER, Kind.KL, KlBars.NOT_FOR_AN_AUTOENCODER)));

    /**
     * Refuses the figures of {@link #NOT_FOR_AN_AUTOENCODER} that --only asks of an autoencoder, all of them at once
     * with their reasons: naming only the first would send the user back a second time for the next.
     *
     * @param model the autoencoder's file name
     */
    static void refuseWhatAnAutoencoderLacks(Set<Kind> asked, String model) {
        Map<Kind, String> lacked = new EnumMap<>(Kind.class);
        NOT_FOR_AN_AUTOENCODER.forEach((kind, why) -> {
            if (asked.contains(kind)) {
                lacked.put(kind, why);
            }
        });
        if (lacked.isEmpty()) {
            return;
        }
        List<String> labels = lacked.keySet().stream().map(Kind::label).toList();
        String reasons = lacked.size() == 1 ? lacked.values().iterator().next()
                : lacked.entrySet().stream().map(e -> e.getKey().label() + ": " + e.getValue())
                        .collect(Collectors.joining("; "));
        throw new IllegalArgumentException("--only " + String.join(",", labels) + ": " + model + " is an autoencoder"
                + " (trained with --objective ae): " + reasons + "; drop " + Words.and(labels) + " from --only");
    }

    /**
     * What {@code kind} reads of the model's data, for the line that skips it where the data is not found; empty
     * for a figure drawn from the model file alone: the curves (its history), a VAE's prior samples, and a VAE's grid
     * of a plane it walks at prior quantiles (a 1-D or 2-D latent space, or a --dims slice).
     *
     * @param dimsGiven whether --dims names the grid's plane: without it, above 2-D, the plane is fitted to the data
     */
    static Optional<String> readsData(Kind kind, boolean autoencoder, int latentDim, boolean dimsGiven) {
        return Optional.ofNullable(switch (kind) {
            case SCATTER -> "it places the split's images in the latent space";
            case GRID -> autoencoder ? "an autoencoder's grid spans the split's codes"
                    : latentDim > 2 && !dimsGiven ? "it walks the PCA plane of the split's μ (--dims A,B walks a"
                    + " slice that needs no data)" : null;
            case INTERPOLATION -> "it walks between the split's images";
            case RECONSTRUCTIONS -> "it reconstructs the split's images";
            case TRAVERSALS -> "it starts from the split's typical image";
            case KL -> "it averages the KL over the split's images";
            case COMPARE -> "it places both models' images in their latent spaces";
            case SAMPLES, CURVES -> null;
        });
    }

    /** The fewest images of the split a figure can be drawn from, and why it cannot be drawn from fewer. */
    record Needs(int images, String why) {}

    /**
     * The figures that need more than one image of the split, each with how many and why: the one place that knows, so
     * the skip line, the refusal and the seed's check agree. Every other figure draws from one image (a scatter of
     * one dot, a grid around one code); a projection that needs more points is refused for the --projection typed,
     * see {@link #refuseProjectionOfTooFewPoints}. Without --only these are skipped, saying why, as an autoencoder's
     * missing figures are; asked for by --only, they are refused.
     */
    static final Map<Kind, Needs> NEEDS_IMAGES = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            Kind.INTERPOLATION, new Needs(Interpolations.MIN_IMAGES, Interpolations.WHY_MIN_IMAGES))));

    /**
     * How many images of the split the figures are drawn from, and whether --limit cut them so few: the words then
     * name the --limit to raise, as the projection's refusal does.
     *
     * @param split      "test" or "train"
     * @param typedLimit --limit as typed, or null
     */
    record SplitSize(String split, int images, String typedLimit) {
        /** "the test split holds 1 image", or "--limit 1 leaves 1 test image". */
        String holds() {
            String counted = images + " " + (typedLimit == null ? "image" : split + " image") + (images == 1 ? "" : "s");
            return typedLimit == null ? "the " + split + " split holds " + counted
                    : "--limit " + typedLimit + " leaves " + counted;
        }

        /** How to get more images. */
        String more() {
            return typedLimit == null ? "draw from a larger split" : "raise --limit";
        }
    }

    /**
     * Why {@code size} is too small for {@code kind}: "the test split holds 1 image, and the interpolation figure
     * walks from one image to another, so it needs at least 2"; empty where the figure can be drawn from it.
     */
    static Optional<String> tooFewImages(Kind kind, SplitSize size) {
        Needs needs = NEEDS_IMAGES.get(kind);
        if (needs == null || size.images() >= needs.images()) {
            return Optional.empty();
        }
        return Optional.of(size.holds() + ", and " + needs.why() + ", so it needs at least " + needs.images());
    }

    /**
     * Refuses the figures --only asks for that {@code split} is too small for, all at once with their reasons, as
     * {@link #refuseWhatAnAutoencoderLacks} does.
     */
    static void refuseWhatTheSplitCannotHold(Set<Kind> asked, SplitSize split) {
        List<String> labels = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (asked.contains(kind)) {
                tooFewImages(kind, split).ifPresent(why -> {
                    labels.add(kind.label());
                    reasons.add(why);
                });
            }
        }
        if (!labels.isEmpty()) {
            throw new IllegalArgumentException("--only " + String.join(",", labels) + ": " + String.join("; ", reasons)
                    + "; " + split.more() + " or drop " + Words.and(labels) + " from --only");
        }
    }

    /**
     * Refuses a per-figure option read only by figures {@code split} is too small for (--pair, --random-pairs): those
     * figures are skipped, so the option would be ignored as silently as one that --only leaves out
     * ({@link #refuseOptionsNoFigureReads}).
     *
     * @param given the options of {@link #READ_BY} given on the command line, each with the values typed
     */
    static void refuseOptionsOnlySkippedFiguresRead(Set<Kind> kinds, Map<String, List<String>> given,
                                                    SplitSize split) {
        for (Map.Entry<String, List<String>> option : given.entrySet()) {
            Set<Kind> readers = EnumSet.copyOf(READ_BY.get(option.getKey()));
            readers.retainAll(kinds);
            if (!readers.isEmpty() && readers.stream().allMatch(k -> tooFewImages(k, split).isPresent())) {
                List<String> reasons = readers.stream().map(k -> tooFewImages(k, split).orElseThrow()).toList();
                String typed = option.getValue().isEmpty() ? option.getKey()
                        : option.getValue().stream().map(v -> option.getKey() + " " + v)
                                .collect(Collectors.joining(" "));
                throw new IllegalArgumentException(typed + ": " + String.join("; ", reasons) + "; " + split.more()
                        + " or drop " + option.getKey());
            }
        }
    }

    /**
     * The figures of {@code kinds} that are drawn: an autoencoder's leave out those it does not have, and every
     * model's those that {@code split} is too small for.
     */
    static Set<Kind> drawn(Set<Kind> kinds, boolean autoencoder, SplitSize split) {
        Set<Kind> drawn = EnumSet.copyOf(kinds);
        if (autoencoder) {
            drawn.removeAll(NOT_FOR_AN_AUTOENCODER.keySet());
        }
        drawn.removeIf(k -> tooFewImages(k, split).isPresent());
        return drawn;
    }

    /** Figures in writing order. */
    List<Kind> orderedKinds() {
        List<Kind> ordered = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (kinds.contains(k)) {
                ordered.add(k);
            }
        }
        return ordered;
    }

    /** Formats in a stable order: png before svg. */
    List<Format> orderedFormats() {
        List<Format> ordered = new ArrayList<>();
        for (Format f : Format.values()) {
            if (formats.contains(f)) {
                ordered.add(f);
            }
        }
        return ordered;
    }

    static ManifoldGrid.Plane plane(String dims) {
        if (dims == null || dims.isBlank() || dims.strip().equalsIgnoreCase("pca")) {
            return ManifoldGrid.Plane.PCA;
        }
        String[] parts = dims.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--dims takes two 0-based dimensions such as 0,1 (or pca), got '" + dims + "'");
        }
        try {
            return new ManifoldGrid.Plane(new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())});
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--dims takes two 0-based dimensions such as 0,1 (or pca), got '" + dims + "'");
        }
    }
}
