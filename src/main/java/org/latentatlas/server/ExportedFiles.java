package org.latentatlas.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.latentatlas.io.ModelFile;
import org.latentatlas.io.SafeTensors;
import org.latentatlas.io.SafeTensorsException;

/**
 * Which files in a folder {@code export --force} may replace: README's rule for every command that writes (a file is
 * replaced only by a file of its own kind, told by content) applied to the export's names. A model.safetensors that
 * is another model is a model and goes; a checkpoint, a README.txt of notes, or a style.css of the user's own site
 * under the same name is not the export's and is refused. The page's own files carry no mark of their own, so they
 * count as an export's only beside an export's README.txt.
 */
final class ExportedFiles {
    /** The README's first words: how a README.txt an export wrote is told from anyone else's. */
    static final String README_START = "Latent Atlas explorer: ";
    private static final JsonFactory JSON = new JsonFactory();

    private ExportedFiles() {}

    /** Why {@code --force} may not replace the files in {@code dir} under the export's names, or null. */
    static String refusal(Path dir) {
        boolean earlierExport = isExportReadme(dir.resolve(ExplorerExport.README));
        List<String> foreign = new ArrayList<>();
        List<String> pages = new ArrayList<>();
        for (String name : ExplorerExport.FILES) {
            Path file = dir.resolve(name);
            if (!Files.exists(file)) {
                continue;
            }
            String not = switch (name) {
                case ExplorerExport.MODEL -> modelKind(file);
                case ExplorerExport.POINTS -> isPointsDocument(file) ? null : "not an explorer points document";
                case ExplorerExport.README -> earlierExport ? null : "not the README of an export";
                default -> null;
            };
            if (not != null) {
                foreign.add(name + " (" + not + ")");
            } else if (!earlierExport && ExplorerPage.FILES.contains(name)) {
                pages.add(name);
            }
        }
        if (!pages.isEmpty()) {
            String some = pages.size() <= 4 ? String.join(", ", pages)
                    : String.join(", ", pages.subList(0, 3)) + " and " + (pages.size() - 3) + " more of the page's";
            foreign.add(some + " (another site's: no export's " + ExplorerExport.README
                    + " beside " + (pages.size() == 1 ? "it" : "them") + ")");
        }
        return foreign.isEmpty() ? null : dir + " holds files under the names an export writes that no export"
                + " wrote: " + String.join("; ", foreign) + ". --force replaces only an earlier export's files:"
                + " move these away, or give another directory for the export";
    }

    /** Whether {@code file} starts as every export's README.txt does. */
    static boolean isExportReadme(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            return first != null && first.startsWith(README_START);
        } catch (IOException e) { // unreadable, or not UTF-8: not ours
            return false;
        }
    }

    /** Null for a model file (any model: an export of another model replaces it), else what the file is. */
    private static String modelKind(Path file) {
        try {
            return switch (ModelFile.Role.of(SafeTensors.readMetadata(file))) {
                case MODEL -> null;
                case CHECKPOINT -> "a training checkpoint";
                case OTHER -> "a safetensors file that is not a Latent Atlas model";
            };
        } catch (SafeTensorsException e) {
            return "not a model file";
        }
    }

    /**
     * Whether {@code file} is a JSON object with the explorer's top-level fields. Streamed, the fields' values
     * skipped: a points document is tens of megabytes.
     */
    private static boolean isPointsDocument(Path file) {
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            Set<String> fields = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                fields.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
            return fields.containsAll(List.of("dataset", "latentDim", "splits"));
        } catch (IOException e) { // not JSON, or not readable
            return false;
        }
    }
}
