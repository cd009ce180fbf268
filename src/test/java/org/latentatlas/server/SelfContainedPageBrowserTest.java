package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The explorer as one page ({@link SelfContainedPage}), opened as a file in headless Chromium, which runs no module
 * from another file and fetches no file: URL: everything the page shows must come from the page itself.
 */
@DisplayName("The explorer as one self-contained page, opened from a file")
class SelfContainedPageBrowserTest extends ExplorerPageTestBase {
    private Path folder;

    /** The page as a file: opened from file://, as a double-click opens it. */
    @Override
    URI serve(ExplorerFixture f) throws IOException {
        folder = Files.createTempDirectory("atlas-page-");
        return Files.write(folder.resolve("explorer.html"), SelfContainedPage.build(f.modelFile(), f.pointsJson()))
                .toUri();
    }

    @AfterAll
    void removeThePages() throws IOException {
        if (folder != null) {
            try (var files = Files.list(folder)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(folder);
        }
    }

    /** The base class opened the page and saw it ready; here it is checked to hold the model and points it carries. */
    @Test
    void itRunsFromTheFileWithTheModelAndPointsItCarriesAndDecodesLikeJava() {
        assertThat(address.getScheme()).isEqualTo("file");
        assertShowsTheFixtureAndDecodesLikeJava("self-contained-page");
    }

    /** Nothing is fetched: no other file, no network (the data: icon is the page's own text). */
    @Test
    void itFetchesNothing() {
        Object fetched = js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => !n.startsWith('data:'))");
        assertThat((List<?>) fetched).isEmpty();
    }

    /** The policy allows the page's own two inline elements by hash: a script put into the page never runs. */
    @Test
    void itsPolicyRefusesAnInjectedScript() {
        assertAnInjectedScriptIsRefused();
    }

    /** The points are text inside a script element: a class name that says {@code </script>} must not end it. */
    @Test
    void aClassNameThatWouldEndItsElementIsShownAsText() throws IOException {
        List<String> names = List.of("</script><b>zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                "nine");
        Map<String, PointsJson.SplitPoints> splits = new LinkedHashMap<>();
        splits.put("test", fixture.points.get("test"));
        byte[] points = PointsJson.build("digits", 8, 8, names, 2, splits);
        Path page = Files.write(folder.resolve("names.html"), SelfContainedPage.build(fixture.modelFile(), points));

        open(page.toUri());

        assertThat(content("#lens-roam .legend")).contains("</script><b>zero");
        assertThat(js("return [...document.querySelectorAll('b')].some(b => b.textContent.includes('zero'))"))
                .as("the name was read as markup").isEqualTo(false);
    }

    /**
     * A file cut short (a download, a copy, a mail size limit) says so and how big the whole file is, wherever the cut
     * falls: in its style sheet (no markup yet), in its module (which then never runs) or in either data block.
     */
    @Test
    void aPageCutShortSaysSoWhereverTheCutFalls() throws IOException {
        byte[] whole = SelfContainedPage.build(fixture.modelFile(), fixture.pointsJson());
        String says = "This page file is incomplete: it was cut short";
        for (String inside : List.of("<style>", "<script type=\"module\">", "id=\"atlas-model\"",
                "id=\"atlas-points\"")) {
            Path cut = Files.write(folder.resolve("cut.html"), Arrays.copyOf(whole, indexOf(whole, inside) + 2000));

            chrome.driver.get("about:blank");
            chrome.driver.get(cut.toUri().toString());

            waitUntil(() -> "error".equals(js("return document.body.dataset.state")));
            assertThat((String) js("return document.body.textContent")).as("cut inside %s", inside).contains(says,
                    "Get the whole file again: it is " + SelfContainedPage.size(whole.length) + ".");
            chrome.severeLogs(); // a module cut short fails its hash, refused and logged: expected here
        }
    }

    private static int indexOf(byte[] page, String ascii) {
        byte[] mark = ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + mark.length <= page.length; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (page[i + j] != mark[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(ascii + " is not in the page");
    }
}
