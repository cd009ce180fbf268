package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("What the explorer's points document says of its data")
class ExplorerPointsTest {
    /** The page is published: a dataset given by path is named by its file, not by the folders it lay in. */
    @Test
    void aDatasetGivenByPathIsNamedOnThePageByItsFileName() {
        assertThat(ExplorerPoints.pageName("/home/me/data/other.csv")).isEqualTo("other.csv");
        assertThat(ExplorerPoints.pageName("../data/other.csv")).isEqualTo("other.csv");
        assertThat(ExplorerPoints.pageName("data/images/")).as("a folder").isEqualTo("images");
        assertThat(ExplorerPoints.pageName("C:\\data\\other.csv")).isEqualTo("other.csv");
        assertThat(ExplorerPoints.pageName("digits")).as("a named set").isEqualTo("digits");
    }
}
