package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetMetadataTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private static DatasetMetadata recorded(String split, String trainSha256, String testSha256) {
        return new DatasetMetadata("set.csv", "set.csv", 2, 2, 1, new ValueRange(0, 1), List.of("0", "1"), split,
                1L, null, 8, 2, trainSha256, testSha256);
    }

    @Test
    void aStratifiedSplitsHashesAreOfTheWholeSource() {
        assertThat(recorded("stratified", A, A).hashesWholeSource()).isTrue();
        assertThat(DatasetMetadata.hashesWholeSource("stratified", A, B)).isTrue();
    }

    @Test
    void anOwnSplitHashesEachSplitApartUnlessBothHashesAgree() {
        assertThat(recorded("own", A, B).hashesWholeSource()).isFalse();
        assertThat(recorded("own", A, A).hashesWholeSource()).isTrue();
    }
}
