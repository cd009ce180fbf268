package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterLayoutTest {

    private static final VaeConfig CONFIG = VaeConfig.symmetric(28, 28, List.of(512, 256), 20);

    @Test
    void offsetsFollowTheFileOrderWeightThenBiasPerLayerAfterTheHead() {
        ParameterLayout layout = ParameterLayout.of(CONFIG);
        int head = ParameterLayout.HEAD;

        assertThat(layout.head()).isEqualTo(head);
        assertThat(layout.weightOffset("encoder.0")).isEqualTo(head);
        assertThat(layout.biasOffset("encoder.0")).isEqualTo(head + 512 * 784);
        assertThat(layout.weightOffset("encoder.2")).isEqualTo(head + 512 * 784 + 512);
        assertThat(layout.weightOffset("mu")).isEqualTo(head + 512 * 784 + 512 + 256 * 512 + 256);
        assertThat(layout.offset("logvar.weight")).isEqualTo(layout.biasOffset("mu") + 20);
        assertThat(layout.fileOffset(layout.slot("encoder.2.weight"))).isEqualTo(512 * 784 + 512);
    }

    /**
     * G1 puts a humongous array's data 16 bytes (the header) past a region boundary; the head's 48 bytes more put the
     * data layer's weight, and each of its rows at 784 → 512, on a 64-byte cache line.
     */
    @Test
    void theHeadPutsTheDataLayersRowsOnCacheLinesOfARegionAlignedArray() {
        ParameterLayout layout = ParameterLayout.of(CONFIG);
        int arrayHeaderBytes = 16;

        assertThat((arrayHeaderBytes + Float.BYTES * layout.weightOffset("encoder.0")) % 64).isZero();
        assertThat(Float.BYTES * 512 % 64).as("a row of the input-major (784, 512) weight").isZero();
    }

    @Test
    void slotsMatchTheConfigsTensorShapesAndTileTheArrayAfterTheHead() {
        ParameterLayout layout = ParameterLayout.of(CONFIG);
        Map<String, int[]> shapes = CONFIG.tensorShapes();

        assertThat(layout.slots()).extracting(ParameterLayout.Slot::name).containsExactlyElementsOf(shapes.keySet());
        for (ParameterLayout.Slot s : layout.slots()) {
            assertThat(s.shape()).containsExactly(java.util.Arrays.stream(shapes.get(s.name())).boxed()
                    .toArray(Integer[]::new));
        }
        assertThat(layout.parameterCount()).isEqualTo(CONFIG.parameterCount());
        assertThat(layout.size()).isEqualTo(ParameterLayout.HEAD + CONFIG.parameterCount());
        assertThat(layout.slot("decoder.4.bias").end()).isEqualTo(layout.size());
    }

    @Test
    void theFileOrderHasNoHeadAndComesBackWithAZeroOne() {
        VaeConfig small = new VaeConfig(6, 2, 3, List.of(5), 3, List.of(5), "bernoulli", "relu");
        ParameterLayout layout = ParameterLayout.of(small);
        float[] file = new float[small.parameterCount()];
        for (int i = 0; i < file.length; i++) {
            file[i] = i + 1;
        }

        float[] memory = layout.toMemoryOrder(file);

        assertThat(memory).hasSize(layout.size());
        assertThat(java.util.Arrays.copyOf(memory, layout.head())).containsOnly(0f);
        assertThat(memory[layout.offset("encoder.0.bias")]).isEqualTo(file[layout.fileOffset(
                layout.slot("encoder.0.bias"))]);
        assertThat(layout.toFileOrder(memory)).containsExactly(file);
        assertThatThrownBy(() -> layout.toFileOrder(file))
                .hasMessage("toFileOrder needs " + layout.size() + " floats (this layout's size in memory), got "
                        + file.length);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> ParameterLayout.of(CONFIG).weightOffset("encoder.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no tensor named 'encoder.1.weight'; the layout has [encoder.0.weight,");
    }

    @Test
    void aFileOrderArrayOfTheWrongLengthIsRefusedNamingBothLengths() {
        ParameterLayout layout = ParameterLayout.of(CONFIG);

        assertThatThrownBy(() -> layout.toMemoryOrder(new float[layout.size()]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("toMemoryOrder needs " + CONFIG.parameterCount()
                        + " floats (this layout's parameter count), got " + layout.size());
    }

    /** A model wraps the memory order's array: one of the file's length (no head) is refused, not misread. */
    @Test
    void aVaeRefusesAnArrayOfTheParameterCountNamingTheMemorySize() {
        VaeConfig small = new VaeConfig(6, 2, 3, List.of(5), 3, List.of(5), "bernoulli", "relu");
        int size = ParameterLayout.of(small).size();

        assertThatThrownBy(() -> new Vae(small, new float[small.parameterCount()]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a VAE 6-5-3-5-6 needs " + small.parameterCount() + " parameters in an array of " + size
                        + " floats in memory order (ParameterLayout), got " + small.parameterCount());
    }

    @Test
    void aNegativeHeadIsRefused() {
        assertThatThrownBy(() -> new ParameterLayout(-1, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("head must be >= 0 floats, got -1");
    }

    @Test
    void slotsMustBeContiguousFromTheHead() {
        assertThatThrownBy(() -> new ParameterLayout(List.of(
                new ParameterLayout.Slot("a", 0, List.of(2)), new ParameterLayout.Slot("b", 3, List.of(1)))))
                .hasMessage("tensor 'b' starts at 3, expected 2 (slots must be contiguous from the head, 0)");
        assertThatThrownBy(() -> new ParameterLayout(4, List.of(new ParameterLayout.Slot("a", 0, List.of(2)))))
                .hasMessage("tensor 'a' starts at 0, expected 4 (slots must be contiguous from the head, 4)");
    }
}
