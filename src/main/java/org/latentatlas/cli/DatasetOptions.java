package org.latentatlas.cli;

import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** The data options of commands that start from data rather than from a model ({@code train}, {@code datasets}). */
public class DatasetOptions extends DataOptions {
    // The default is shown by picocli alone (ALWAYS, also where the command hides defaults), so it appears once.
    @Option(names = "--dataset", defaultValue = "digits", paramLabel = "NAME|PATH", showDefaultValue = Visibility.ALWAYS,
            description = SOURCES)
    String dataset;

    @Override
    public String dataset() {
        return dataset;
    }
}
