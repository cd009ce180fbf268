package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.latentatlas.data.DatasetMetadata;
import org.latentatlas.io.AtomicFiles;
import org.latentatlas.io.ModelFile;
import org.latentatlas.model.Vae;
import org.latentatlas.server.ExplorerExport;
import org.latentatlas.server.ExplorerPage;
import org.latentatlas.server.SelfContainedPage;
import org.latentatlas.text.Words;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atlas export MODEL DIR}: the explorer as a folder of static files, to share on any web host. */
@Command(name = "export", header = "Write the explorer for a saved model as a static web site, or as one page, to share.",
        mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Write the explorer for a saved model into DIR as static files: the page, its scripts, the"
                + " model file and the encoded points, byte for byte what 'atlas serve' sends, and a README.txt."
                + " Any static web host serves it (GitHub Pages, for one), or 'python3 -m http.server --bind 127.0.0.1' in DIR;"
                + " browsers will not run it opened as a file, and the page then says so. The same model and data"
                + " give the same bytes.",
            "Given a name ending in .html instead, write the explorer as that one page, carrying its scripts, the"
                    + " model and the points: it opens from the file itself (a double-click, an e-mail attachment),"
                    + " with no server and no network.",
            "Anyone who can open it can download the model file and the points, which hold the test images"
                    + " themselves; --no-points leaves the data out.",
            "", ServeCommand.SHOWN_DATA})
public final class ExportCommand implements Callable<Integer> {
    /** The page's files, as the report says them: "index.html with its style sheet and 21 scripts" (one per module). */
    private static final String PAGE = "index.html with its style sheet and "
            + ExplorerPage.FILES.stream().filter(f -> f.endsWith(".js")).count() + " scripts";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by 'atlas train'.")
    Path model;

    @Parameters(index = "1", paramLabel = "DIR|PAGE.html", description = "The folder to write, created if missing;"
            + " it must be empty unless --force. Or a file name ending in .html (not a folder's) for one self-contained"
            + " page, in a folder that exists; it replaces an earlier exported page, said so, and no other file.")
    Path dir;

    @Option(names = {"-f", "--force"}, description = "Write into DIR even if it holds files (a PAGE.html needs no"
            + " --force): an earlier export's are"
            + " replaced, each named, everything else is kept (a site's other pages, a .git folder); a file under an"
            + " export's name that no export wrote (a README.txt of notes, another site's style.css) is refused.")
    boolean force;

    @Option(names = "--no-points", description = "Leave the data out: no encoded points and no images in the"
            + " export; the decoder, prior samples and the draw pad work without them. No data is read then: the"
            + " options that choose the points (--dataset, --limit, ...) are refused with it, those that only say"
            + " where data is found (--data-dir, --cache-dir, --download, --mirror) do nothing.")
    boolean noPoints;

    @Mixin
    ModelDataOptions data = new ModelDataOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        refuseDataOptionsWithoutPoints();
        InputFiles.requireFile("MODEL", model, InputFiles.MODEL);
        // Claimed before the work, which can take a while.
        OutputFiles.Target page = isPage(dir) ? new OutputFiles.Claims().claim("PAGE", dir,
                OutputFiles.Kind.EXPLORER_PAGE) : null;
        if (page == null) {
            OutputFiles.refuseLongName("DIR", dir, "folder");
        }
        ExplorerExport.Target target = page == null ? ExplorerExport.claim(dir, force) : null;
        ExplorerLauncher.ModelBytes file = ExplorerLauncher.ModelBytes.read(model);
        ModelFile.LoadedModel loaded = file.model();
        JsonNode training = file.training();
        DatasetMetadata recorded = ModelDatasets.recordedMetadata(model.toString(), loaded);
        ExplorerPoints.Points points = noPoints
                ? new ExplorerPoints.Points(ExplorerPoints.without(loaded.config(), recorded, "left out of this"
                        + " export on purpose, since they would carry the test images themselves"), 0, 0)
                : ExplorerPoints.of(model, loaded, training, data, err, "atlas export", "Exporting", true);
        String about = Vae.describe(loaded.config(), TrainingRun.isAutoencoder(training)) + " trained on "
                + ExplorerPoints.pageName(recorded.name()); // README.txt is published too: no folder of this machine
        if (page != null) {
            writePage(page, file.bytes(), points, about, out);
            return 0;
        }
        ExplorerExport.Written written = ExplorerExport.write(target, file.bytes(), points.json(), about,
                points.test() > 0);
        out.println("exported the explorer for the " + about + " to " + dir + ": " + PAGE + ", "
                + ExplorerExport.MODEL + " (" + SelfContainedPage.size(file.bytes().length) + "), "
                + ExplorerExport.POINTS + " (" + pointsSay(points) + ") and " + ExplorerExport.README
                + replacedSay(written));
        out.println("to view it, serve the folder over HTTP: 'python3 -m http.server --bind 127.0.0.1' in " + dir
                + ", then open http://127.0.0.1:8000/, or put it on any static web host (GitHub Pages, for one)");
        String big = bigPointsNote(points.json().length);
        if (big != null) {
            out.println(big);
        }
        out.flush();
        return 0;
    }

    /** A name ending in .html, unless a folder has it: a page; anything else a folder. */
    static boolean isPage(Path target) {
        Path name = target.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return (lower.endsWith(".html") || lower.endsWith(".htm")) && !Files.isDirectory(target);
    }

    private static void writePage(OutputFiles.Target claimed, byte[] model, ExplorerPoints.Points points, String about,
                                  PrintWriter out) throws IOException {
        byte[] html = SelfContainedPage.build(model, points.json());
        OutputFiles.Target page = claimed.recheck();
        AtomicFiles.write(page.path(), html);
        out.println("exported the explorer for the " + about + " as one page, " + page.withNote() + " ("
                + SelfContainedPage.size(html.length) + ": the page, its scripts, the model and " + pointsWords(points)
                + ")");
        out.println("to view it, open it in a browser (a double-click does): it needs no server and no network, so it"
                + " can be sent as it is or put on any web host");
        String big = bigPageNote(html.length);
        if (big != null) {
            out.println(big);
        }
        out.flush();
    }

    /** What e-mail services take as an attachment, about (Gmail and Outlook: 25 and 20 MB). */
    static final long MAIL_ATTACHMENT_BYTES = 20_000_000;

    /** A note for a page too big to send by e-mail, saying how to make it smaller; null when it is not. */
    static String bigPageNote(long pageBytes) {
        return pageBytes <= MAIL_ATTACHMENT_BYTES ? null : "note: the page is " + SelfContainedPage.size(pageBytes)
                + "; e-mail services refuse attachments over 20–25 MB: --limit N exports a subsample of N points of"
                + " each split, --no-points none";
    }

    /**
     * --dataset, --limit and the rest choose the points: with --no-points they would do nothing, silently. The options
     * that only say where the data is found ({@link ModelDataOptions#FINDING}: --download too, which fetches only
     * what is not found) may be given always, as they may where the data is found without them.
     */
    private void refuseDataOptionsWithoutPoints() {
        if (!noPoints) {
            return;
        }
        List<String> given = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(OptionSpec::longestName)
                .filter(name -> !List.of("--no-points", "--force").contains(name)
                        && !ModelDataOptions.FINDING.contains(name)).toList();
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(Words.and(given) + (given.size() == 1 ? " chooses" : " choose")
                    + " the data points, which --no-points leaves out; give one or the other");
        }
    }

    private static String pointsSay(ExplorerPoints.Points p) {
        return pointsWords(p) + "; " + SelfContainedPage.size(p.json().length);
    }

    /** "300 test points with their images, 1497 train points", or "no data points". */
    private static String pointsWords(ExplorerPoints.Points p) {
        return p.test() == 0 ? "no data points" : p.test() + " test points with their images, " + p.train()
                + " train points";
    }

    private static String replacedSay(ExplorerExport.Written w) {
        List<String> said = new ArrayList<>();
        if (!w.replaced().isEmpty()) { // each by name: replacing a file must never be silent
            said.add("replaced the earlier export's " + Words.and(replacedNames(w.replaced())));
        }
        if (w.kept() > 0) {
            said.add("kept the " + w.kept() + " other entr" + (w.kept() == 1 ? "y" : "ies"));
        }
        return said.isEmpty() ? "" : " (" + String.join("; ", said) + ")";
    }

    /** The replaced files' names, the page's as one item where all of them were there: 21 names say nothing more. */
    private static List<String> replacedNames(List<String> replaced) {
        if (!replaced.containsAll(ExplorerPage.FILES)) {
            return replaced;
        }
        List<String> names = new ArrayList<>(List.of("page (" + PAGE + ")"));
        replaced.stream().filter(f -> !ExplorerPage.FILES.contains(f)).forEach(names::add);
        return names;
    }

    /** GitHub's limit for a file it takes without a warning (it refuses files over 100 MiB). */
    static final long HOSTED_FILE_WARNING_BYTES = 50L << 20;

    /**
     * A note for a points.json too big for a git host (the full Fashion-MNIST test and train sets: 61 MB), saying how
     * to make it smaller; null when it is not.
     */
    static String bigPointsNote(long pointsBytes) {
        return pointsBytes <= HOSTED_FILE_WARNING_BYTES ? null : "note: " + ExplorerExport.POINTS + " is "
                + SelfContainedPage.size(pointsBytes) + "; GitHub warns about files over 50 MiB and refuses those over"
                + " 100 MiB: --limit N exports a subsample of N points of each split, --no-points none";
    }
}
