package org.latentatlas.cli;

import java.io.PrintWriter;

/**
 * A child JVM for {@link InterruptOnATerminalTest}, run on a pseudo-terminal: draws an interactive progress bar (which
 * opens the terminal through JLine), then interrupts itself as Ctrl-C does and waits. A shutdown hook says whether
 * the JVM ran its hooks.
 */
public final class InterruptProbe {
    private InterruptProbe() {}

    public static void main(String[] args) throws Exception {
        PrintWriter err = new PrintWriter(System.err, true);
        ProgressBars.build(ProgressBars.builder("probe", 10, "step", 80, true, new LogLines(err), () -> "",
                new TimeLeft()), true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hooks ran")));
        new ProcessBuilder("kill", "-INT", Long.toString(ProcessHandle.current().pid())).start().waitFor();
        Thread.sleep(20_000);
        System.out.println("not interrupted");
    }
}
