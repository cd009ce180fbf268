package org.latentatlas.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The explorer page's own files: what {@link ExplorerServer} serves from the classpath folder {@code /web/} and what
 * {@link ExplorerExport} copies into a folder. One list for both, so an export can never lack a module the server
 * has; {@code ExplorerPageTest} holds it to the folder's contents, so a new module cannot be left out of it.
 */
public final class ExplorerPage {
    /** The page, its style sheet, its classic pre-check and every ES module it imports; names only, one folder. */
    public static final List<String> FILES = List.of("index.html", "style.css", "file-check.js", "app.js", "axes.js",
            "density.js", "dims.js", "draw.js", "fingers.js", "generate.js", "glyph.js", "header.js", "interpolate.js",
            "objective.js", "palette.js", "plane.js", "points-cache.js", "rng.js", "roam.js", "safetensors.js", "ui.js", "vae.js",
            "zoom.js");

    private static final String WEB_ROOT = "/web/";

    private ExplorerPage() {}

    /**
     * One of {@link #FILES}, as the jar holds it.
     *
     * @throws IllegalArgumentException for a name not in {@link #FILES}
     * @throws UncheckedIOException     when the jar lacks it or it cannot be read: a broken build, not a user's error
     */
    public static byte[] read(String name) {
        if (!FILES.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not one of the explorer page's files " + FILES);
        }
        try (InputStream in = ExplorerPage.class.getResourceAsStream(WEB_ROOT + name)) {
            if (in == null) {
                throw new IOException("not found on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the explorer's web resource " + WEB_ROOT + name + ": "
                    + e.getMessage(), e);
        }
    }
}
