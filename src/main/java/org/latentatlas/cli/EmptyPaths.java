package org.latentatlas.cli;

import static java.util.Map.entry;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * An empty path on the command line ({@code -o ""}, an unset shell variable) is refused as empty, for every option
 * and argument that takes one. Taken as it is, it names the working directory: -o was refused as "--output  is a
 * directory" (with no path to read in it), while plot --out, --cache-dir or --crosscheck quietly wrote into the
 * working directory, which no one asks for with nothing.
 */
final class EmptyPaths {
    /**
     * What to give instead, by {@link #key}. Every path-taking argument of every command has an entry (a test holds
     * this), so that a new one is told in its own words.
     */
    static final Map<String, String> GIVE = Map.ofEntries(
            entry("--output FILE", "a file name such as m.safetensors"),
            entry("--checkpoint FILE", "a file name such as m.ckpt.safetensors"),
            entry("--resume CHECKPOINT", "the checkpoint of the run, such as m.ckpt.safetensors"),
            entry("--json FILE", "a file name such as report.json"),
            entry("--crosscheck DIR", "a folder such as crosscheck"),
            entry("--out DIR", "a folder such as figures"),
            entry("--out FILE", "a file name such as digits-samples.png"),
            entry("--compare OTHER", "another model file, such as m2.safetensors"),
            entry("--dataset NAME|PATH", "a dataset name such as digits, or a path such as data/x.csv"),
            entry("--data-dir DIR", "a folder such as data"),
            entry("--cache-dir DIR", "a folder such as /tmp/atlas-cache, or leave it out for the default"),
            entry("--mirror URL", "a base URL such as http://localhost:8000/, or leave it out for the official one"),
            entry("MODEL", "a model file such as m.safetensors"),
            entry("DIR|PAGE.html", "a folder such as site, or a page such as explorer.html"),
            entry("NAME|PATH", "a dataset name such as digits, or a path such as data/x.csv"));

    private EmptyPaths() {}

    /**
     * Refuses the first empty value given to a path-taking argument of the command line or its subcommands.
     *
     * @throws CommandLine.ParameterException "--output: empty; give a file name such as m.safetensors" (exit 2)
     */
    static void refuse(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (ArgSpec arg : p.matchedArgs()) {
                if (takesPath(arg) && arg.originalStringValues().contains("")) {
                    throw new CommandLine.ParameterException(p.commandSpec().commandLine(), name(arg) + ": empty;"
                            + " give " + GIVE.getOrDefault(key(arg), "a path"), arg, "");
                }
            }
        }
    }

    /** A path, a URL, or a name that may be a path (--dataset NAME|PATH). */
    static boolean takesPath(ArgSpec arg) {
        return arg.type() == Path.class || arg.type() == URI.class || arg.paramLabel().contains("PATH");
    }

    /** "--out DIR" for an option (plot's --out is a folder, datasets show's a file), "MODEL" for an argument. */
    static String key(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() + " " + arg.paramLabel() : arg.paramLabel();
    }

    private static String name(ArgSpec arg) {
        return arg instanceof PositionalParamSpec ? arg.paramLabel() : ((OptionSpec) arg).longestName();
    }
}
