package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.latentatlas.server.PointsJson.SplitPoints;

@DisplayName("The explorer's points JSON")
class ExplorerPointsJsonTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");

    // 2 points, latentDim 2, 1x3 images
    private static SplitPoints two() {
        return new SplitPoints(new float[] {0.5f, -1.25f, 3f, 0.1f}, new float[] {0.2f, 0.3f, 0.4f, 0.5f},
                new int[] {0, 2}, new float[] {0f, 0.1234f, 1f, 0.5f, 0.9996f, 0.0004f});
    }

    private static JsonNode build(Map<String, SplitPoints> splits) throws Exception {
        return new ObjectMapper().readTree(PointsJson.build("toy", 1, 3, CLASSES, 2, splits));
    }

    @Test
    void writesTheDatasetAndEachSplitColumnByColumn() throws Exception {
        Map<String, SplitPoints> splits = new LinkedHashMap<>();
        splits.put("test", two());
        splits.put("train", two());
        JsonNode doc = build(splits);
        assertThat(doc.at("/dataset/name").asText()).isEqualTo("toy");
        assertThat(doc.at("/dataset/height").asInt()).isEqualTo(1);
        assertThat(doc.at("/dataset/width").asInt()).isEqualTo(3);
        assertThat(doc.at("/dataset/classNames").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(doc.at("/latentDim").asInt()).isEqualTo(2);
        assertThat(doc.get("splits").fieldNames()).toIterable().containsExactly("test", "train");
        JsonNode test = doc.at("/splits/test");
        assertThat(test.get("count").asInt()).isEqualTo(2);
        assertThat(test.get("labels").toString()).isEqualTo("[0,2]");
        assertThat(test.get("mu").toString()).isEqualTo("[0.5,-1.25,3.0,0.1]");
        assertThat(test.get("sigma").get(3).floatValue()).isEqualTo(0.5f);
    }

    @Test
    void aSplitMayLeaveOutItsImagesButTheTestSplitMayNot() throws Exception {
        Map<String, SplitPoints> splits = new LinkedHashMap<>();
        splits.put("test", two());
        splits.put("train", new SplitPoints(new float[] {1, 2}, new float[] {1, 1}, new int[] {1}, new float[0]));
        JsonNode doc = build(splits);
        assertThat(doc.at("/splits/train/count").asInt()).isEqualTo(1);
        assertThat(doc.at("/splits/train/pixels").size()).isZero();
    }

    @Test
    void floatsRoundTripExactlySoThePageSeesJavasValues() throws Exception {
        float awkward = 0.1f + 0.2f;
        SplitPoints s = new SplitPoints(new float[] {awkward, -1e-7f}, new float[] {1e-3f, 7.25f}, new int[] {1},
                new float[] {0, 0, 0});
        JsonNode mu = build(Map.of("test", s)).at("/splits/test/mu");
        assertThat(mu.get(0).floatValue()).isEqualTo(awkward);
        assertThat(mu.get(1).floatValue()).isEqualTo(-1e-7f);
    }

    @Test
    void pixelsAreWrittenToThreeDecimalsWithoutTrailingZeros() throws Exception {
        String json = new String(PointsJson.build("toy", 1, 3, CLASSES, 2, Map.of("test", two())));
        assertThat(json).contains("\"pixels\":[0,0.123,1,0.5,1,0]");
        assertThat(PointsJson.pixel(0.25f)).isEqualTo("0.25");
        assertThat(PointsJson.pixel(0.0016f)).isEqualTo("0.002");
        assertThat(PointsJson.pixel(0.07f)).isEqualTo("0.07");
    }

    @Test
    void splitPointsRejectColumnsOfMismatchedLengthNamingTheCounts() {
        assertThatThrownBy(() -> new SplitPoints(new float[4], new float[3], new int[2], new float[6]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mu has 4").hasMessageContaining("sigma has 3");
        assertThatThrownBy(() -> new SplitPoints(new float[5], new float[5], new int[2], new float[6]))
                .hasMessageContaining("mu has 5 values").hasMessageContaining("2 labels");
        assertThatThrownBy(() -> new SplitPoints(new float[4], new float[4], new int[2], new float[7]))
                .hasMessageContaining("pixels has 7 values");
        assertThatThrownBy(() -> PointsJson.build("toy", 1, 3, CLASSES, 2,
                Map.of("test", new SplitPoints(new float[4], new float[] {1, 1, 1, 1}, new int[2], new float[0]))))
                .hasMessageContaining("test: pixels are required");
        assertThatThrownBy(() -> new SplitPoints(null, new float[4], new int[2], new float[6]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildRejectsShapesLabelsAndValuesThatDoNotFit() {
        assertThatThrownBy(() -> PointsJson.build("toy", 1, 3, CLASSES, 4, Map.of("test", two())))
                .hasMessageContaining("test: mu has 4 values, expected 2 x latentDim 4 = 8");
        assertThatThrownBy(() -> PointsJson.build("toy", 2, 3, CLASSES, 2, Map.of("test", two())))
                .hasMessageContaining("pixels has 6 values, expected 2 x 6 = 12");
        assertThatThrownBy(() -> PointsJson.build("toy", 1, 3, List.of("a", "b"), 2, Map.of("test", two())))
                .hasMessageContaining("label 2 of point 1 is outside 0..1");
        SplitPoints nan = new SplitPoints(new float[] {Float.NaN, 0}, new float[] {1, 1}, new int[] {0}, new float[3]);
        assertThatThrownBy(() -> PointsJson.build("toy", 1, 3, CLASSES, 2, Map.of("test", nan)))
                .hasMessageContaining("point 0 dim 0 has mu NaN");
        SplitPoints zeroSigma = new SplitPoints(new float[] {0, 0}, new float[] {1, 0}, new int[] {0}, new float[3]);
        assertThatThrownBy(() -> PointsJson.build("toy", 1, 3, CLASSES, 2, Map.of("test", zeroSigma)))
                .hasMessageContaining("point 0 dim 1 has mu 0.0, sigma 0.0");
        SplitPoints bright = new SplitPoints(new float[] {0, 0}, new float[] {1, 1}, new int[] {0}, new float[] {0, 2, 0});
        assertThatThrownBy(() -> PointsJson.build("toy", 1, 3, CLASSES, 2, Map.of("test", bright)))
                .hasMessageContaining("pixel 1 of point 0 is 2.0, outside [0, 1]");
    }

    /** The document is published (atlas export): a dataset's folders are the exporter's, not the data's. */
    @Test
    void refusesADatasetNameThatIsAPath() {
        for (String path : List.of("/home/me/data/toy.csv", "data/toy.csv", "C:\\data\\toy.csv")) {
            assertThatThrownBy(() -> PointsJson.build(path, 1, 3, CLASSES, 2, Map.of("test", two())))
                    .as(path).hasMessageContaining("dataset name '" + path + "' is a path");
        }
    }

    @Test
    void carriesThePointsTestHashWhereGivenSoThePageCanTellThemFromTheTrainingData() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(PointsJson.build("toy", 1, 3, CLASSES, 2, Map.of("test", two()),
                "ab12"));
        assertThat(doc.at("/dataset/testSha256").asText()).isEqualTo("ab12");
        assertThat(build(Map.of("test", two())).at("/dataset/testSha256").isMissingNode()).isTrue();
    }
}
