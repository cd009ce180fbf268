package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.latentatlas.cli.Main;
import picocli.CommandLine;

/**
 * A model trained by {@code atlas train} and served by {@code atlas serve} on a free port, both through the CLI as a
 * user runs them, so the page reads the metadata a real training run writes. Closing it stops the server.
 */
public final class ServedModel implements AutoCloseable {
    final Path file;
    final URI address;
    /** What {@code atlas serve} printed up to its "explorer ready" line. */
    final String banner;
    private final Thread serving;
    private final int[] exitCode = {-1};

    private ServedModel(Path file) throws InterruptedException {
        this.file = file;
        StringWriter out = new StringWriter();
        CommandLine cl = quiet(out);
        serving = new Thread(() -> exitCode[0] = cl.execute("serve", file.toString(), "--port", "0"), "served-model");
        serving.setDaemon(true);
        serving.start();
        address = awaitUrl(out);
        banner = out.toString();
    }

    /** Trains a small model on the embedded digits with the given options (three epochs) into dir, and serves it. */
    static ServedModel train(Path dir, String name, String... options) throws InterruptedException {
        Path file = dir.resolve(name + ".safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--epochs", "3", "--hidden", "32", "--no-progress",
                "-o", file.toString()));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        int code = quiet(out).execute(args.toArray(String[]::new));
        assertThat(code).as("atlas %s: %s", String.join(" ", args), out).isZero();
        return new ServedModel(file);
    }

    private static CommandLine quiet(StringWriter out) {
        CommandLine cl = Main.commandLine();
        PrintWriter both = new PrintWriter(out, true);
        cl.setOut(both);
        cl.setErr(both);
        return cl;
    }

    /** The explorer's URL, once a serve running on another thread has printed it to {@code out}. */
    public static URI awaitUrl(StringWriter out) throws InterruptedException {
        Pattern p = Pattern.compile("explorer ready at (http://\\S+)");
        for (int i = 0; i < 600; i++) {
            Matcher m = p.matcher(out.toString());
            if (m.find()) {
                return URI.create(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("atlas serve never printed its URL; output: " + out);
    }

    @Override
    public void close() throws InterruptedException {
        serving.interrupt(); // serve takes an interrupt as its Ctrl-C, and closes the server
        serving.join(10_000);
        assertThat(exitCode[0]).as("atlas serve's exit code").isZero();
    }
}
