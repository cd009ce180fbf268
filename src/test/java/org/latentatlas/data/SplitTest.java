package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitTest {
    private static final Dataset DIGITS = DigitsCsv.load();

    @Test
    void embeddedDigitsMatchTheirPublishedDescription() {
        assertThat(DIGITS.size()).isEqualTo(1797);
        assertThat(DIGITS.dim()).isEqualTo(64);
        assertThat(DIGITS.classCounts()).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
        assertThat(DIGITS.sha256()).isEqualTo("6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8");
        for (float p : DIGITS.pixels()) {
            assertThat(p).isBetween(0f, 1f);
        }
    }

    @Test
    void stratifiedSplitKeepsEveryClassInProportion() {
        Split s = Split.stratified(DIGITS, 300, 42);
        assertThat(s.train().size()).isEqualTo(1497);
        assertThat(s.test().size()).isEqualTo(300);
        int[] test = s.test().classCounts();
        for (int c = 0; c < 10; c++) {
            assertThat(test[c]).isBetween(29, 31);
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Split a = Split.stratified(DIGITS, 300, 42);
        Split b = Split.stratified(DIGITS, 300, 42);
        Split c = Split.stratified(DIGITS, 300, 43);
        assertThat(b.test().pixels()).containsExactly(a.test().pixels());
        assertThat(Arrays.equals(c.test().pixels(), a.test().pixels())).isFalse();
    }

    @Test
    void trainAndTestTogetherHoldEveryExampleOnce() {
        Split s = Split.stratified(DIGITS, 300, 1);
        int[] together = new int[10];
        for (int c = 0; c < 10; c++) {
            together[c] = s.train().classCounts()[c] + s.test().classCounts()[c];
        }
        assertThat(together).containsExactly(DIGITS.classCounts());
    }
}
