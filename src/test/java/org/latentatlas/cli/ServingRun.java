package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.latentatlas.server.ServedModel;
import picocli.CommandLine;

/**
 * An {@code atlas} command that serves the explorer ({@code serve}, {@code explore}), run through picocli on a thread
 * of its own until its URL is printed; closing it stops the command as Ctrl-C does and checks it exited with 0.
 */
final class ServingRun implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final int[] exitCode = {-1};
    private final Thread thread;
    /** The page's address, as the command printed it. */
    final URI url;

    private ServingRun(String... args) throws InterruptedException {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        thread = new Thread(() -> exitCode[0] = cl.execute(args), "atlas-" + args[0]);
        thread.start();
        try {
            url = ServedModel.awaitUrl(out);
        } catch (AssertionError e) { // the standard output alone rarely says why
            throw new AssertionError(e.getMessage() + "\nstderr: " + err, e);
        }
    }

    static ServingRun start(String... args) throws InterruptedException {
        return new ServingRun(args);
    }

    /** The body the server answers {@code path} ("/points.json") with. */
    <T> T get(String path, HttpResponse.BodyHandler<T> body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve(path)).build(), body).body();
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt(); // serving commands take an interrupt as their Ctrl-C, and close the server
        thread.join(10_000);
        assertThat(exitCode[0]).as("exit code; stderr: %s", err).isZero();
    }
}
