package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one list of the page's files, which the server serves and an export copies. */
@DisplayName("The explorer page's files")
class ExplorerPageTest {
    private static final Path WEB = Path.of("src", "main", "resources", "web");

    @Test
    void theListHoldsEveryFileInTheWebFolderAndNoOther() throws Exception {
        try (Stream<Path> files = Files.list(WEB)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("src/main/resources/web: a file missing from ExplorerPage.FILES would be neither served nor"
                            + " exported")
                    .containsExactlyInAnyOrderElementsOf(ExplorerPage.FILES);
        }
    }

    @Test
    void eachListedFileIsReadAsTheJarHoldsIt() throws Exception {
        for (String name : ExplorerPage.FILES) {
            assertThat(ExplorerPage.read(name)).as(name).isEqualTo(Files.readAllBytes(WEB.resolve(name)));
        }
    }

    @Test
    void aNameNotListedIsRefusedWithTheList() {
        assertThatThrownBy(() -> ExplorerPage.read("../pom.xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../pom.xml' is not one of the explorer page's files").hasMessageContaining("app.js");
    }

    /** A static host sends no header: the page's own policy must be the server's, less what only a header carries. */
    @Test
    void thePagesOwnPolicyIsTheServersHeaderLessFrameAncestors() {
        String page = new String(ExplorerPage.read("index.html"), StandardCharsets.UTF_8);
        Matcher meta = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(page);
        assertThat(meta.find()).as("a CSP <meta> in index.html").isTrue();
        assertThat(meta.group(1) + "; frame-ancestors 'none'").isEqualTo(ExplorerServer.CSP);
        assertThat(meta.start()).as("before the first file the page loads: a policy covers only what follows it")
                .isLessThan(page.indexOf("<link rel=\"stylesheet\"")).isLessThan(page.indexOf("<script"));
    }
}
