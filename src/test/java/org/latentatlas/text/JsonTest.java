package org.latentatlas.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Terms(double recon, double kl) {}

    /** The same content gives the same bytes, whichever map held it. */
    @Test
    void aMapIsWrittenWithItsKeysSorted() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", 1);
        m.put("alpha", 2);
        assertThat(Json.write(m)).isEqualTo("{\"alpha\":2,\"zeta\":1}");
    }

    /** A checkpoint's state is a record: its fields are written in their declared order, not sorted. */
    @Test
    void aRecordKeepsItsFieldOrder() {
        assertThat(Json.write(new Terms(135.5, 7.0))).isEqualTo("{\"recon\":135.5,\"kl\":7.0}");
    }

    /** A report or cross-check file: indented for a reader, with a last newline as text files have. */
    @Test
    void aFileIsIndentedAndEndsInANewline() {
        assertThat(Json.writePretty(new Terms(135.5, 7.0)))
                .isEqualTo("{" + System.lineSeparator() + "  \"recon\" : 135.5," + System.lineSeparator()
                        + "  \"kl\" : 7.0" + System.lineSeparator() + "}\n");
    }
}
