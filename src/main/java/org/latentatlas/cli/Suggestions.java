package org.latentatlas.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.latentatlas.text.Words;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * "did you mean --epochs?" for a mistyped option or command. picocli has suggestions of its own, but they rank by
 * the letters two names share, not by how far apart they are: it offers --resize before --repeats for --repeat and
 * nothing for --prot. Here the closest name wins: one that the word begins (--lr-sched for --lr-schedule), else the
 * fewest edits, a swap of two neighbouring letters counting as one, and only when few enough for a slip.
 */
final class Suggestions {
    private Suggestions() {}

    /**
     * "; did you mean --epochs?" for the unknown words of {@code e}, or "" when none is close to a name: each
     * unmatched word that looks like an option against the options of its command, a first word that does not
     * against the subcommands.
     */
    static String of(CommandLine.UnmatchedArgumentException e) {
        CommandLine cl = e.getCommandLine();
        List<String> options = new ArrayList<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (!o.hidden()) {
                options.addAll(List.of(o.names()));
            }
        }
        List<String[]> found = new ArrayList<>(); // {typed, meant}
        List<String> unmatched = e.getUnmatched();
        for (int i = 0; i < unmatched.size(); i++) {
            String word = unmatched.get(i);
            if (word.startsWith("-")) {
                String name = optionName(word);
                closest(name, options).ifPresent(meant -> found.add(new String[] {name, meant}));
            } else if (i == 0 && !cl.getSubcommands().isEmpty()) {
                closest(word, cl.getSubcommands().keySet()).ifPresent(meant -> found.add(new String[] {word, meant}));
            }
        }
        if (found.isEmpty()) {
            return "";
        }
        if (found.size() == 1) {
            return didYouMean(found.get(0)[1]);
        }
        return "; did you mean " + Words.and(found.stream().map(f -> f[1] + " for " + f[0]).toList()) + "?";
    }

    /** "; did you mean train?" for a word close to one of {@code names} (a command's subcommands), or "". */
    static String of(String typed, Collection<String> names) {
        return closest(typed, names).map(Suggestions::didYouMean).orElse("");
    }

    private static String didYouMean(String meant) {
        return "; did you mean " + meant + "?";
    }

    /** The option an unmatched word names: "--lr" of "--lr" and of "--lr=3". */
    static String optionName(String word) {
        return word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
    }

    /** The name {@code typed} was most likely meant to be, if one is close enough to be a slip. */
    static Optional<String> closest(String typed, Collection<String> names) {
        String core = typed.replaceFirst("^-+", "");
        if (core.length() < 2) { // -x: every other one-letter option is one edit away, and none more likely
            return Optional.empty();
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            if (name.equals(typed)) {
                continue;
            }
            // A name the word begins is a word cut short: closer than any edit.
            int d = name.startsWith(typed) ? 0 : distance(typed, name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        int allowed = Math.min(3, Math.max(1, core.length() / 3));
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Edits from {@code a} to {@code b}: insertions, deletions, substitutions and swaps of neighbours, one each. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
