package org.latentatlas.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The explorer as one HTML file that carries everything it needs ({@code atlas export MODEL page.html}): its style
 * sheet, its modules as one script ({@link ModuleBundle}), the model file and the points. A browser opens it from
 * a file (a double-click, an e-mail attachment), where a folder export's page cannot load its modules or fetch its
 * model, and it needs no server and no network.
 *
 * <p>The model (base64) and the points document sit in two data blocks, script elements of types a browser never
 * runs ({@code application/octet-stream}, {@code application/json}); the page's script reads them where it would
 * fetch the files. The page's own Content-Security-Policy allows only the inline code it carries (its two scripts and
 * its style sheet), by their SHA-256 hashes, and no fetch at all. The same model and points give the same bytes.
 */
public final class SelfContainedPage {
    /**
     * In every such page, within its first kilobyte: how {@code atlas export} tells an earlier export's page, which it
     * replaces, from any other HTML file, which it does not.
     */
    public static final String GENERATOR = "<meta name=\"generator\" content=\"Latent Atlas: atlas export, one page\">";
    /** The data blocks' ids, as app.js looks them up. */
    static final String MODEL_BLOCK = "atlas-model";
    static final String POINTS_BLOCK = "atlas-points";
    /** The page's last element: a file cut short (a download, a copy, a mail size limit) has lost it. */
    static final String END_MARK = "atlas-end";
    /**
     * A classic script, first in the head, that says when the page is cut short: a module cut short never runs, and a
     * page whose data is gone has nothing to show. It runs at DOMContentLoaded, after the module, which then has
     * returned doing nothing (app.js: no data blocks, a one-page export). {@code SIZE} is the whole file's size.
     */
    private static final String INCOMPLETE_CHECK = """
            addEventListener('DOMContentLoaded', () => {
              if (document.getElementById('%s')) return;
              document.body.dataset.state = 'error';
              const title = document.getElementById('model-title');
              if (title) title.textContent = 'No model loaded';
              const status = document.getElementById('status') || document.body.appendChild(document.createElement('p'));
              status.hidden = false;
              status.className = 'status error';
              status.textContent = 'This page file is incomplete: it was cut short (in a download, a copy, or by a'
                + ' mail size limit) and lost the model and data it carries at its end.'
                + ' Get the whole file again: it is SIZE.';
            });
            """.formatted(END_MARK);

    private static final Pattern CSP = Pattern.compile(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*\">");
    private static final String CHARSET = "<meta charset=\"utf-8\">";
    private static final String STYLE_LINK = "<link rel=\"stylesheet\" href=\"style.css\">";
    private static final Pattern FILE_CHECK = Pattern.compile(
            "\\s*<!--[^>]*-->\\s*<script src=\"file-check\\.js\"></script>");
    private static final String APP = "<script type=\"module\" src=\"app.js\"></script>";
    private static final String BODY_END = "</body>";
    private static final Pattern FOOTER = Pattern.compile("<p>Latent Atlas · the decoder runs in this page[^<]*</p>");

    private SelfContainedPage() {}

    /**
     * The page for {@code model} (a model file's bytes) and {@code points} (a points.json document's bytes). After the
     * page's markup come the module, the data blocks and the end mark, so a file cut short still shows the page, and
     * the check first in its head says what happened.
     */
    public static byte[] build(byte[] model, byte[] points) {
        String page = build(model, points, "SIZE");
        String size = size(page.getBytes(StandardCharsets.UTF_8).length); // a few bytes short of the page it goes in
        return build(model, points, size).getBytes(StandardCharsets.UTF_8);
    }

    private static String build(byte[] model, byte[] points, String size) {
        String style = inline("style.css", text(ExplorerPage.read("style.css")), "</style");
        String script = inline("the bundled modules", ModuleBundle.of("app.js", name -> text(ExplorerPage.read(name))),
                "</script");
        String check = INCOMPLETE_CHECK.replace("SIZE", size);
        String page = text(ExplorerPage.read("index.html"));
        page = replaceOnce(page, CHARSET, CHARSET + "\n  " + GENERATOR);
        page = replaceOnce(page, CSP, "<meta http-equiv=\"Content-Security-Policy\" content=\""
                + policy(List.of(check, script), style) + "\">");
        page = replaceOnce(page, FILE_CHECK, ""); // it tells a folder's page opened as a file what to do; this one runs
        page = replaceOnce(page, STYLE_LINK, "<script>" + check + "</script>\n  <style>" + style + "</style>");
        page = replaceOnce(page, APP, "");
        page = replaceOnce(page, FOOTER, "<p>Latent Atlas · the decoder runs in this page, in float32, from the model"
                + " file the page carries (its safetensors bytes, in base64, at the page's end).</p>");
        page = replaceOnce(page, BODY_END, "<script type=\"module\">" + script + "</script>\n"
                + dataBlock(MODEL_BLOCK, "application/octet-stream", Base64.getEncoder().encodeToString(model)) + "\n"
                + dataBlock(POINTS_BLOCK, "application/json", escapeForScript(text(points))) + "\n"
                + dataBlock(END_MARK, "application/json", "true") + "\n" + BODY_END);
        return page;
    }

    /** "540 bytes", "131 KB", "68.1 MB": decimal units, as file managers and web hosts count. */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " bytes";
        }
        return bytes < 1_000_000 ? Math.round(bytes / 1000.0) + " KB"
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /**
     * Nothing from the network or another file, and of inline code only these elements: a copy of the page
     * altered to run something else is refused by the browser, as the server's policy refuses scripts from elsewhere.
     */
    static String policy(List<String> scripts, String style) {
        return "default-src 'none'; script-src " + scripts.stream().map(t -> "'" + sha256(t) + "'")
                .collect(Collectors.joining(" ")) + "; style-src '" + sha256(style)
                + "'; img-src data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'";
    }

    /**
     * A data block: a script element of a type no browser runs. The points' JSON is escaped so that no text in it
     * (a class name such as {@code </script>}) can end the element early; base64 has no such characters.
     */
    private static String dataBlock(String id, String type, String content) {
        return "<script type=\"" + type + "\" id=\"" + id + "\">" + content + "</script>";
    }

    /** {@code <} as {@code \u003c}, which JSON reads as the same character inside a string, the only place it can be. */
    static String escapeForScript(String json) {
        return json.replace("<", "\\u003c");
    }

    /** Refuses code that would end its inline element early: the page would break in the visitor's browser. */
    private static String inline(String what, String code, String end) {
        if (code.toLowerCase(java.util.Locale.ROOT).contains(end) || code.contains("<!--")) {
            throw new IllegalStateException(what + " says '" + end + "' or '<!--', which would end or confuse its"
                    + " element inlined in the page");
        }
        return code;
    }

    private static String replaceOnce(String page, String literal, String replacement) {
        return replaceOnce(page, Pattern.compile(Pattern.quote(literal)), replacement);
    }

    /** The page's shape is fixed by index.html: a part not found once is a change there this class must follow. */
    private static String replaceOnce(String page, Pattern part, String replacement) {
        Matcher m = part.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("index.html no longer has " + part.pattern() + "; SelfContainedPage"
                    + " must follow the change");
        }
        int start = m.start();
        int end = m.end();
        if (m.find()) {
            throw new IllegalStateException("index.html has " + part.pattern() + " twice");
        }
        return page.substring(0, start) + replacement + page.substring(end);
    }

    /** The CSP source expression for an inline element's text, hashed as its UTF-8 bytes, as browsers hash it. */
    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
