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
     * another format: a model or a checkpoint is safetensors, a report JSON. A checkpoint may end in .ckpt (atlas's
     * own default for an output without an extension), and a report may not end in .safetensors either.
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
        String says = switch (writing) {
            case MODEL -> MODEL_FORMATS.get(extension);
            case CHECKPOINT -> extension.equals("ckpt") ? null : MODEL_FORMATS.get(extension);
            case EVALUATION_REPORT -> extension.equals(SAFETENSORS) ? "a model (safetensors)" : MODEL_FORMATS.get(extension);
            default -> null;
        };
        if (says == null) {
            return;
        }
        String stem = name.substring(0, dot);
        String format = writing == Kind.EVALUATION_REPORT ? "JSON" : SAFETENSORS;
        throw new IllegalArgumentException(option + " " + path + ": a ." + name.substring(dot + 1) + " name says "
                + says + ", but " + what(writing) + " is written as " + format + ", which that cannot read; give "
                + path.resolveSibling(suggested(stem, writing)) + " instead");
    }

    private static String what(Kind writing) {
        return switch (writing) {
            case MODEL -> "the model";
            case CHECKPOINT -> "the checkpoint";
            default -> "the report";
        };
    }

    /** The name with the extension of what is written: m.pt → m.safetensors, a checkpoint c.pt → c.ckpt.safetensors. */
    private static String suggested(String stem, Kind writing) {
        if (writing == Kind.EVALUATION_REPORT) {
            return stem + ".json";
        }
        String bare = stem.toLowerCase(Locale.ROOT).endsWith("." + SAFETENSORS)
                ? stem.substring(0, stem.length() - SAFETENSORS.length() - 1) : stem;
        boolean marked = bare.toLowerCase(Locale.ROOT).endsWith(".ckpt");
        return bare + (writing == Kind.CHECKPOINT && !marked ? ".ckpt" : "") + "." + SAFETENSORS;
    }
}
