package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterLayoutTest {

    private static final VaeConfig CONFIG = VaeConfig.symmetric(28, 28, List.of(512, 256), 20);

    @Test
    void offsetsFollowTheFileOrderWeightThenBiasPerLayer() {
        ParameterLayout layout = ParameterLayout.of(CONFIG);

        assertThat(layout.weightOffset("encoder.0")).isZero();
        assertThat(layout.biasOffset("encoder.0")).isEqualTo(512 * 784);
        assertThat(layout.weightOffset("encoder.2")).isEqualTo(512 * 784 + 512);
        assertThat(layout.weightOffset("mu")).isEqualTo(512 * 784 + 512 + 256 * 512 + 256);
        assertThat(layout.offset("logvar.weight")).isEqualTo(layout.biasOffset("mu") + 20);
    }

    @Test
    void slotsMatchTheConfigsTensorShapesAndTileTheWholeArray() {
        ParameterLayout layout = ParameterLayout.of(CONFIG);
        Map<String, int[]> shapes = CONFIG.tensorShapes();

        assertThat(layout.slots()).extracting(ParameterLayout.Slot::name).containsExactlyElementsOf(shapes.keySet());
        for (ParameterLayout.Slot s : layout.slots()) {
            assertThat(s.shape()).containsExactly(java.util.Arrays.stream(shapes.get(s.name())).boxed()
                    .toArray(Integer[]::new));
        }
        assertThat(layout.size()).isEqualTo(CONFIG.parameterCount());
        assertThat(layout.slot("decoder.4.bias").end()).isEqualTo(CONFIG.parameterCount());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> ParameterLayout.of(CONFIG).weightOffset("encoder.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no tensor named 'encoder.1.weight'; the layout has [encoder.0.weight,");
    }

    @Test
    void slotsMustBeContiguousFromZero() {
        assertThatThrownBy(() -> new ParameterLayout(List.of(
                new ParameterLayout.Slot("a", 0, List.of(2)), new ParameterLayout.Slot("b", 3, List.of(1)))))
                .hasMessage("tensor 'b' starts at 3, expected 2 (slots must be contiguous from 0)");
    }
}
