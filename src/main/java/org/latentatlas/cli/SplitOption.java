package org.latentatlas.cli;

import java.util.Locale;

/**
 * The --split of evaluate and plot. It is matched in any case, as every keyword option is (--activation Relu,
 * --likelihood Bernoulli, --only Scatter): a keyword names one thing whatever its case, while a --dataset name is
 * matched exactly, since it may also be a path.
 */
final class SplitOption {
    private SplitOption() {}

    /** "test" or "train" for {@code typed} in any case; anything else is refused with the value as typed. */
    static String named(String typed) {
        String split = typed.strip().toLowerCase(Locale.ROOT);
        if (!split.equals("test") && !split.equals("train")) {
            throw new IllegalArgumentException("--split must be test or train, got '" + typed + "'");
        }
        return split;
    }
}
