package org.latentatlas;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that need something from the system (Debian's chromium, dataset-fashion-mnist) call {@link #require}.
 * On a developer machine without it they are skipped with the install hint; under CI ({@code CI=true}), where
 * {@code .ci/run} installs everything, a missing prerequisite fails the build instead of hiding as a skip.
 */
public final class Prerequisites {
    private Prerequisites() {}

    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("a prerequisite missing under CI, where .ci/run must provide it: " + what);
        }
        assumeTrue(false, what);
    }
}
