package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DatasetMetadata;
import org.latentatlas.data.Split;
import org.latentatlas.io.ModelFile;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.server.PointsJson;

/**
 * The points document the explorer shows for a model ({@code /points.json}), made one way for {@code serve} and
 * {@code export}: the model's data (or {@code --dataset}) encoded, or, where the model's own data is missing or has
 * changed, a document without points, after a warning. The warning, on the terminal, says where the data was looked
 * for and what to do; the document says why in words for the page's reader, with no path of this machine, so it is
 * the same from any working directory. Served, its reader is the command's user, and it says what to do as the
 * warning does; exported, it is published, and a visitor, who can do nothing about it, gets no command-line advice.
 */
final class ExplorerPoints {
    private ExplorerPoints() {}

    /**
     * The document and how many points of each split it holds (none where it was made without them).
     *
     * @param json the document {@link PointsJson} makes
     */
    record Points(byte[] json, int test, int train) {}

    /**
     * @param training the file's {@code atlas.training}, as {@link ModelDatasets#training} parses it
     * @param command   who warns ("atlas serve")
     * @param goingOn   what it does without the points, as the warning's next sentence starts ("Serving")
     * @param published whether the document is published (export) rather than shown to the command's user (serve)
     */
    static Points of(Path modelPath, ModelFile.LoadedModel model, JsonNode training, ModelDataOptions data,
                     PrintWriter err, String command, String goingOn, boolean published) throws IOException {
        // Read first, as it always was: a file without it is refused before any data is looked for.
        DatasetMetadata recorded = ModelDatasets.recordedMetadata(modelPath.toString(), model);
        Vae vae = new Vae(model.config(), model.parameters());
        try {
            // "test": the train points are then the whole train split, validation examples too, as trained.
            ModelDatasets.Chosen chosen = ModelDatasets.choose(modelPath, model, training, data, "test",
                    ModelDatasets.Purpose.POINTS);
            if (data.explicit()) { // evaluate puts this on its card: here it is the only place to say which data
                err.println("points: " + ModelDatasets.provenance(chosen, false));
                err.flush();
            }
            Split split = chosen.data().split();
            return new Points(encode(vae, split), split.test().size(), split.train().size());
        } catch (RecordedDataset.Unavailable e) {
            // The decoder, prior samples and the draw pad need no data: the explorer is still worth opening.
            err.println(command + ": warning: " + e.getMessage() + ". " + goingOn + " the explorer without data"
                    + " points: the decoder, prior samples and the draw pad work without them");
            err.flush();
            String why = published ? publishedReason(e, recorded) : servedReason(e, recorded, command);
            return new Points(without(model.config(), recorded, why), 0, 0);
        }
    }

    /** Why a published page has no points, for its visitor: which data, and what was wrong with it, without where. */
    static String publishedReason(RecordedDataset.Unavailable e, DatasetMetadata recorded) {
        String data = "the data the model was trained on (" + pageName(recorded.name()) + ")";
        return e instanceof RecordedDataset.Changed
                ? data + " had changed since training when this explorer was made, so its points, which would not"
                        + " be the model's own, were left out"
                : data + " was not available where this explorer was made, so its points were left out";
    }

    /**
     * Why a served page has no points, for the command's user: which data and what was wrong with it, then what to do
     * as the warning says it. The places looked in stay on the terminal, where the warning lists them.
     */
    static String servedReason(RecordedDataset.Unavailable e, DatasetMetadata recorded, String command) {
        String data = "the data the model was trained on (" + pageName(recorded.name()) + ")";
        return e instanceof RecordedDataset.Changed
                ? data + " was found where the model file says it is but has changed since training, so its points,"
                        + " which would not be the model's own, were left out (" + command + "'s warning says what"
                        + " differs): " + e.remedy()
                : data + " was not found where the model file says it is (" + command + "'s warning says where it"
                        + " looked). To see its points, start " + command + " again: " + e.remedy();
    }

    /**
     * A dataset's name as the page shows it: a path's file name ("other.csv" for /home/me/data/other.csv), since the
     * folders it lay in are this machine's, not the data's; a named set's name as it is.
     */
    static String pageName(String name) {
        String trimmed = name.replaceAll("[/\\\\]+$", ""); // a folder typed "data/set/" is named "set"
        String last = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
        return last.isEmpty() ? "the root folder" : last;
    }

    /** The points document of a model shown without its data: its recorded name and classes, no points, and why. */
    static byte[] without(VaeConfig c, DatasetMetadata recorded, String why) {
        return PointsJson.withoutPoints(pageName(recorded.name()), c.imageHeight(), c.imageWidth(), recorded.classNames(),
                c.latentDim(), why);
    }

    static byte[] encode(Vae vae, Split split) {
        Map<String, PointsJson.SplitPoints> splits = new LinkedHashMap<>();
        splits.put("test", encode(vae, split.test(), true));
        // The page draws train points but never their images: leaving their pixels out keeps a 60,000-image
        // set's points document small.
        splits.put("train", encode(vae, split.train(), false));
        Dataset d = split.test();
        return PointsJson.build(pageName(d.name()), d.height(), d.width(), d.classNames(), vae.config().latentDim(),
                splits, d.sha256());
    }

    private static PointsJson.SplitPoints encode(Vae vae, Dataset data, boolean withPixels) {
        Vae.Encoding q = vae.encode(data.pixels(), data.size());
        return new PointsJson.SplitPoints(q.mu(), q.sigma(), data.labels(), withPixels ? data.pixels() : new float[0]);
    }
}
