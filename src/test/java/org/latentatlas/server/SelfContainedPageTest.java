package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The explorer as one page: what it carries, what its policy allows, and how an export tells it from other HTML. */
class SelfContainedPageTest {
    private static final ExplorerFixture FIXTURE = ExplorerFixture.digits();

    private static String page() {
        return new String(SelfContainedPage.build(FIXTURE.modelFile(), FIXTURE.pointsJson()), StandardCharsets.UTF_8);
    }

    private static String inner(String page, String openingTag) {
        int start = page.indexOf(openingTag);
        assertThat(start).as(openingTag).isNotNegative();
        int from = start + openingTag.length();
        return page.substring(from, page.indexOf(openingTag.startsWith("<style") ? "</style>" : "</script>", from));
    }

    private static String sha256(String text) throws Exception {
        return "sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void itCarriesTheModelAndThePointsAndRefersToNoOtherFile() {
        String page = page();

        assertThat(Base64.getDecoder().decode(inner(page, "<script type=\"application/octet-stream\" id=\"atlas-model\">")))
                .isEqualTo(FIXTURE.modelFile());
        assertThat(inner(page, "<script type=\"application/json\" id=\"atlas-points\">"))
                .isEqualTo(new String(FIXTURE.pointsJson(), StandardCharsets.UTF_8).replace("<", "\\u003c"));
        assertThat(page).doesNotContain(" src=\"", "<link rel=\"stylesheet\"");
    }

    @Test
    void itsPolicyAllowsItsOwnScriptsAndStyleByHashAndNothingElse() throws Exception {
        String page = page();
        Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(page);
        assertThat(csp.find()).isTrue();

        assertThat(csp.group(1)).isEqualTo("default-src 'none'; script-src '" + sha256(inner(page, "<script>"))
                + "' '" + sha256(inner(page, "<script type=\"module\">")) + "'; style-src '" + sha256(inner(page, "<style>"))
                + "'; img-src data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'");
        assertThat(csp.find()).as("one policy").isFalse();
    }

    @Test
    void anExportTellsItByTheGeneratorInItsFirstKilobyte() {
        byte[] page = SelfContainedPage.build(FIXTURE.modelFile(), FIXTURE.pointsJson());

        assertThat(new String(page, 0, 1024, StandardCharsets.UTF_8)).startsWith("<!doctype html>")
                .contains(SelfContainedPage.GENERATOR);
    }

    @Test
    void theSameModelAndPointsGiveTheSameBytes() {
        assertThat(SelfContainedPage.build(FIXTURE.modelFile(), FIXTURE.pointsJson()))
                .isEqualTo(SelfContainedPage.build(FIXTURE.modelFile(), FIXTURE.pointsJson()));
    }

    @Test
    void pointsTextThatWouldEndItsElementIsEscapedAsJsonReadsIt() {
        assertThat(SelfContainedPage.escapeForScript("{\"name\":\"</script><!--\"}"))
                .isEqualTo("{\"name\":\"\\u003c/script>\\u003c!--\"}");
    }

    /** Cut anywhere after its markup, the page still shows it: the module, the data and the end mark come last. */
    @Test
    void theModuleTheDataAndTheEndMarkComeAfterThePagesMarkupInThatOrder() {
        String page = page();
        int footer = page.indexOf("<footer");
        int module = page.indexOf("<script type=\"module\">");
        int model = page.indexOf("id=\"atlas-model\"");
        int points = page.indexOf("id=\"atlas-points\"");
        int end = page.indexOf("id=\"atlas-end\"");

        assertThat(List.of(footer, module, model, points, end)).isSorted().doesNotContain(-1);
        assertThat(page.substring(end)).matches("(?s)id=\"atlas-end\">true</script>\\s*</body>\\s*</html>\\s*");
        assertThat(page.indexOf("<script>")).as("the check, first in the head").isLessThan(page.indexOf("<style>"));
    }

    @Test
    void theCheckSaysTheWholeFilesSize() {
        byte[] page = SelfContainedPage.build(FIXTURE.modelFile(), FIXTURE.pointsJson());

        assertThat(new String(page, StandardCharsets.UTF_8)).contains("Get the whole file again: it is "
                + SelfContainedPage.size(page.length) + ".");
    }
}
