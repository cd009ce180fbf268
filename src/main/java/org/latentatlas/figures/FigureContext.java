package org.latentatlas.figures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Locale;
import org.latentatlas.data.Dataset;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.text.Json;

/**
 * What every figure of one model needs: the model, the split it is drawn from, that split's encoding, and the
 * words that tell a reader where the picture came from.
 *
 * @param modelName file name of the model, as the reader will know it
 * @param vae       the model
 * @param data      the examples to draw (usually the test split)
 * @param split     "test" or "train"
 * @param heldOut   examples of the train split that training held out for validation, left out of {@code data}
 *                  (0 for the test split, or when none were)
 * @param encoding  q(z|x) of every example in {@code data}
 * @param training  the model's {@code atlas.training} metadata, or a missing node
 * @param recordedCaption the caption of a context {@link #withoutData}, which has no images to count; null otherwise
 */
public record FigureContext(String modelName, Vae vae, Dataset data, String split, int heldOut,
                            Vae.Encoding encoding, JsonNode training, String recordedCaption) {
    public FigureContext(String modelName, Vae vae, Dataset data, String split, int heldOut, Vae.Encoding encoding,
                         JsonNode training) {
        this(modelName, vae, data, split, heldOut, encoding, training, null);
    }

    public static FigureContext of(String modelName, Vae vae, Dataset data, String split, int heldOut,
                                   String trainingJson) {
        return new FigureContext(modelName, vae, data, split, heldOut, vae.encode(data.pixels(), data.size()),
                parse(trainingJson));
    }

    /**
     * A model whose data is not at hand: no images and no encoding, for the figures that read only the model (a
     * VAE's prior samples, its grid of a plane walked at prior quantiles). {@code caption} says which data the model
     * was trained on, as the curves' caption does from the file.
     */
    public static FigureContext withoutData(String modelName, Vae vae, String dataName, String caption,
                                            String trainingJson) {
        Dataset none = new Dataset(dataName, vae.config().imageHeight(), vae.config().imageWidth(), new float[0],
                new int[0], List.of(), 0, "");
        return new FigureContext(modelName, vae, none, "test", 0, new Vae.Encoding(new float[0], new float[0]),
                parse(trainingJson), caption);
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return MissingNode.getInstance();
        }
        try {
            return Json.readTree(json);
        } catch (java.io.IOException e) {
            // A figure set without curves is more useful than no figures: the curves figure says why it is missing.
            return MissingNode.getInstance();
        }
    }

    public int latentDim() {
        return vae.config().latentDim();
    }

    /** What the model optimized: "elbo", "ae", ... ("elbo" when the file does not say). */
    public String objective() {
        return training.path("objective").asText("elbo");
    }

    /** Whether the model is a plain autoencoder: z = μ, no posterior, no KL term. */
    public boolean autoencoder() {
        return isAutoencoder(objective());
    }

    /** Whether {@code objective}, as a model file's training metadata names it, is a plain autoencoder's. */
    public static boolean isAutoencoder(String objective) {
        return objective.equalsIgnoreCase("ae");
    }

    /**
     * "Model digits.safetensors (2-D VAE, 64-128-64-2-64-128-64) · data: digits, test split, 300 images"; with the
     * train split of a run that held examples out for validation, "train split without the 100 examples training
     * held out for validation", as evaluate's protocol card says: the model never trained on them.
     */
    public String caption() {
        if (recordedCaption != null) {
            return recordedCaption;
        }
        String described = heldOut == 0 ? split + " split"
                : split + " split without the " + heldOut + " examples training held out for validation";
        return caption(modelName, vae.config(), objective(), data.name(), described, data.size());
    }

    /** The caption of a model's figures drawn from {@code images} examples of {@code split} ("test split"). */
    public static String caption(String modelName, VaeConfig config, String objective, String dataName, String split,
                                 int images) {
        String kind = isAutoencoder(objective) ? "autoencoder" : "VAE";
        return String.format(Locale.ROOT, "Model %s (%d-D %s, %s) · data: %s, %s, %d image%s",
                modelName, config.latentDim(), kind, Vae.describe(config).replaceFirst("^VAE ", ""), dataName, split,
                images, images == 1 ? "" : "s");
    }

    /**
     * Axis name of latent dimension u: "z₀" for u = 0. Counted from 0 as plot --dims and evaluate's table count, so
     * the label names the very number to type; 1-based labels would put z₁ where --dims says 0.
     */
    public static String zName(int u) {
        return "z" + subscript(u);
    }

    static String subscript(int n) {
        StringBuilder sb = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            sb.append((char) ('₀' + (c - '0')));
        }
        return sb.toString();
    }

    /**
     * "digit 3" for the digit sets, "class 3" for other numeric names, the name itself otherwise. A subset of a digit
     * set ("digits (first 100)") holds digits too.
     */
    public String className(int label) {
        return className(data, label);
    }

    /** {@link #className(int)} of any dataset's class. */
    static String className(Dataset data, int label) {
        String name = data.classNames().get(label);
        if (!name.chars().allMatch(Character::isDigit)) {
            return name;
        }
        boolean digits = data.baseName().equals("digits") || data.baseName().equals("mnist");
        return (digits ? "digit " : "class ") + name;
    }
}
