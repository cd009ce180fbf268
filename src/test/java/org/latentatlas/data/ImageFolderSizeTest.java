package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** An image folder's pixels go into one array: more than it holds is refused with a message, not an overflow. */
class ImageFolderSizeTest {
    @Test
    void imagesWhosePixelsOneArrayCannotHoldAreRefusedNamingTheFolder() {
        Path root = Path.of("photos");
        // 2,100 images of 1024x1024: 2.2e9 pixels, which an int product wrapped to a negative array size
        assertThatThrownBy(() -> ImageFolder.totalPixels(root, 2_100, new Shape(1024, 1024)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("photos")
                .hasMessageContaining("2100 images of 1024x1024 are 2202009600 pixels, more than the 2147483631"
                        + " one dataset holds: use fewer images, or --resize them smaller");
    }

    @Test
    void theLargestFolderOneArrayHoldsIsCounted() throws Exception {
        assertThat(ImageFolder.totalPixels(Path.of("photos"), 60_000, new Shape(28, 28))).isEqualTo(47_040_000);
        assertThat(ImageFolder.totalPixels(Path.of("photos"), 1, new Shape(1, 1))).isEqualTo(1);
    }
}
