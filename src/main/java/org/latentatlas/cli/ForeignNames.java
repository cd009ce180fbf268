package org.latentatlas.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.latentatlas.cli.OutputFiles.Kind;

/**
 * Refuses a name for a file a command writes whose extension says another format: {@code atlas train -o m.pt}
 * would write safetensors that PyTorch's {@code torch.load}, going by the name, fails on. Only the extensions of
 * formats a tool opens by name are refused (model, weight and array files); a name with no extension, or with any
 * other, is the user's to choose.
 */
final class ForeignNames {
    /** Extension (lower case, no dot) → what a tool takes a file of that name to be. */
    private static final Map<String, String> MODEL_FORMATS = Map.ofEntries(
            Map.entry("pt", "PyTorch (torch.load)"),
            Map.entry("pth", "PyTorch (torch.load)"),
            Map.entry("bin", "PyTorch weights (torch.load, as pytorch_model.bin)"),
            Map.entry("ckpt", "a PyTorch Lightning or TensorFlow checkpoint"),
            Map.entry("pkl", "pickle"),
            Map.entry("pickle", "pickle"),
            Map.entry("joblib", "joblib"),
            Map.entry("h5", "HDF5 (Keras)"),
            Map.entry("hdf5", "HDF5 (Keras)"),
            Map.entry("keras", "Keras"),
            Map.entry("onnx", "ONNX"),
            Map.entry("pb", "a TensorFlow graph"),
            Map.entry("tflite", "TensorFlow Lite"),
            Map.entry("npy", "NumPy (numpy.load)"),
            Map.entry("npz", "NumPy (numpy.load)"),
            Map.entry("gguf", "GGUF (llama.cpp)"),
            Map.entry("msgpack", "Flax msgpack"),
            Map.entry("mlmodel", "Core ML"));
    private static final String SAFETENSORS = "safetensors";

    private ForeignNames() {}

    /**
     * Refuses {@code path} (given as {@code option}) for a file of kind {@code writing} when its extension names
     * another format: a model or a checkpoint is safetensors, a report JSON, a contact sheet PNG. A checkpoint may
     * end in .ckpt (atlas's own default for an output without an extension), and no file but a model or a
     * checkpoint may end in .safetensors.
     *
     * @throws IllegalArgumentException naming the option, the path, what the name says, what is written, and the
     *                                  same name with the right extension
     */
    static void refuse(String option, Path path, Kind writing) {
        Path file = path.getFileName();
        String name = file == null ? "" : file.toString();
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return;
        }
        String extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        boolean safetensors = writing == Kind.MODEL || writing == Kind.CHECKPOINT;
        boolean modelName = extension.equals(SAFETENSORS) && !safetensors;
        String says = modelName ? "a model file (safetensors)"
                : writing == Kind.CHECKPOINT && extension.equals("ckpt") ? null : MODEL_FORMATS.get(extension);
        Written written = Written.of(writing);
        if (says == null || written == null) {
            return;
        }
        String stem = name.substring(0, dot);
        // A tool's name is what fails to read the file; a model's name only misleads about what the file is.
        String but = modelName ? written.what() + " is " + written.format()
                : written.what() + " is written as " + written.format() + ", which that cannot read";
        throw new IllegalArgumentException(option + " " + path + ": a ." + name.substring(dot + 1) + " name says "
                + says + ", but " + but + "; give " + path.resolveSibling(safetensors ? suggested(stem, writing)
                        : stem + written.extension()) + " instead");
    }

    /** What a command writes, in words, its format and the extension that says it. */
    private record Written(String what, String format, String extension) {
        /** Null for a kind no command writes (a file found, not made). */
        static Written of(Kind kind) {
            return switch (kind) {
                case MODEL -> new Written("the model", SAFETENSORS, ".safetensors");
                case CHECKPOINT -> new Written("the checkpoint", SAFETENSORS, ".safetensors");
                case EVALUATION_REPORT -> new Written("the report", "JSON", ".json");
                case PNG -> new Written("the image", "PNG", ".png");
                case SVG -> new Written("the image", "SVG", ".svg");
                case SCATTER_CSV -> new Written("the table", "CSV", ".csv");
                case EXPLORER_PAGE -> new Written("the page", "HTML", ".html");
                case OTHER_SAFETENSORS, OTHER -> null;
            };
        }
    }

    /** A model's or checkpoint's name: m.pt → m.safetensors, a checkpoint c.pt → c.ckpt.safetensors. */
    private static String suggested(String stem, Kind writing) {
        String bare = stem.toLowerCase(Locale.ROOT).endsWith("." + SAFETENSORS)
                ? stem.substring(0, stem.length() - SAFETENSORS.length() - 1) : stem;
        boolean marked = bare.toLowerCase(Locale.ROOT).endsWith(".ckpt");
        return bare + (writing == Kind.CHECKPOINT && !marked ? ".ckpt" : "") + "." + SAFETENSORS;
    }
}
