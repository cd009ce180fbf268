package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ContactSheetTest {
    private static final Dataset DIGITS = DigitsCsv.load();
    private static final int CELL = 32 + ContactSheet.GAP; // 8x8 digits enlarged x4, plus the gap

    @Test
    void moreSamplesPerClassThanTheDataHoldsShowsThemAllOnASheetAsWideAsTheLongestRow() {
        int largestClass = Arrays.stream(DIGITS.classCounts()).max().orElseThrow();

        BufferedImage sheet = ContactSheet.render(DIGITS, ContactSheet.MAX_PER_CLASS, 0);

        assertThat(largestClass).isLessThan(ContactSheet.MAX_PER_CLASS);
        assertThat(sheet.getWidth()).isEqualTo(ContactSheet.GAP + largestClass * CELL);
    }

    @Test
    void samplesPerClassOutsideTheRangeAreRefusedNamingTheRangeAndTheValue() {
        assertThatThrownBy(() -> ContactSheet.render(DIGITS, ContactSheet.MAX_PER_CLASS + 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("samples per class must be in 1..1000, got 1001");
        assertThatThrownBy(() -> ContactSheet.render(DIGITS, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
