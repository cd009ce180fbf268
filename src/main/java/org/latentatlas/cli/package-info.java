/**
 * The command line ({@code atlas}, picocli), where a user's typed options become the records the library checks, and
 * the library's refusals become messages in those options' words. With {@code server}, the sixth stage of the data path
 * (data → train → model → io → eval → cli / server → web), and where docs/code-tour.md starts: the {@code train}
 * command, which sets up its example run before the tour follows that run from {@code data} on.
 * {@link org.latentatlas.cli.Main} lists the commands: {@code train} ({@link org.latentatlas.cli.TrainCommand}, run by
 * {@link org.latentatlas.cli.TrainingRun}, which also trains {@code ./atlas}'s default model for {@code explore}),
 * {@code evaluate}, {@code plot}, {@code info}, {@code datasets}, {@code serve} and {@code export} (the explorer as
 * static files; both make its points in {@link org.latentatlas.cli.ExplorerPoints}). Options shared between commands
 * live in their own classes ({@link org.latentatlas.cli.TrainingOptions}, {@link org.latentatlas.cli.DataOptions},
 * {@link org.latentatlas.cli.PlotOptions}); {@link org.latentatlas.cli.ConfigOptions} maps each record field to the
 * option that sets it, so a range is written once, in the record, and the library's messages, which name fields, read
 * in options. {@link org.latentatlas.cli.RecordedDataset} and {@link org.latentatlas.cli.ModelDatasets} find a model's
 * own data again and verify it; {@link org.latentatlas.cli.OutputFiles} claims every output before any work, so a
 * refused run leaves nothing half-written. Progress goes to stderr (bars built by
 * {@link org.latentatlas.cli.ProgressBars}: training's {@link org.latentatlas.cli.ProgressListener}, a slow
 * projection's {@link org.latentatlas.cli.ConsoleProgress}), results to stdout.
 */
package org.latentatlas.cli;
