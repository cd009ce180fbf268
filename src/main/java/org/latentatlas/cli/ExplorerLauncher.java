package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.latentatlas.io.IoErrors;
import org.latentatlas.io.ModelFile;
import org.latentatlas.io.ModelFileException;
import org.latentatlas.model.Vae;
import org.latentatlas.server.ExplorerServer;
import org.latentatlas.server.Exposure;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Loads a model file, encodes its dataset and serves the explorer until interrupted. */
final class ExplorerLauncher {
    private ExplorerLauncher() {}

    /** Where and how to serve; shared by {@code serve} and {@code explore}. */
    static final class ServeOptions {
        // Shown by picocli, here and in the top-level help, whose command does not show defaults itself.
        @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
                showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
                description = "Address to bind. The default keeps the explorer private to this machine; 0.0.0.0 (or"
                        + " ::, or one of this machine's network addresses) lets other machines open it, and the"
                        + " command says so, with a URL they can use.")
        String host;

        @Option(names = "--port", defaultValue = "8765", paramLabel = "PORT",
                showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
                description = "Port to listen on; 0 picks a free one. If the port is busy a free one is used.")
        int port;

        /**
         * Refuses a port no socket can have, a host that names no address (999.1.1.1, a mistyped name) and an address
         * that is not this machine's (192.0.2.1), before a model is loaded or trained only to be refused after.
         * Unchecked, the host would fail the bind as work that failed (exit 1), in the resolver's words ("999.1.1.1:
         * Name or service not known") after the option's.
         */
        void check() {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
            }
            if (host.isBlank()) {
                throw new IllegalArgumentException("--host: empty; give an address such as 127.0.0.1 (the default,"
                        + " this machine only) or 0.0.0.0 (every network of this machine)");
            }
            String give = "; give one of this machine's addresses, such as 127.0.0.1 (the default, this machine only)"
                    + " or 0.0.0.0 (every network of this machine)";
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--host " + host + ": not an address or a host name this machine"
                        + " can resolve" + give);
            }
            if (!isThisMachines(address)) {
                throw new IllegalArgumentException("--host " + host + ": "
                        + (host.equals(address.getHostAddress()) ? "" : "resolves to " + address.getHostAddress()
                        + ", ") + "not an address of this machine" + give);
            }
        }

        /** Whether a socket here can listen on {@code a}; where the interfaces cannot be asked, the bind will tell. */
        private static boolean isThisMachines(InetAddress a) {
            try {
                return a.isAnyLocalAddress() || a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
            } catch (SocketException e) {
                return true;
            }
        }
    }

    /**
     * A model file's bytes, which the page is served unchanged, the model they hold, and its {@code atlas.training}
     * as {@link ModelDatasets#training} parses it: the file read and parsed once, by whoever first needs it.
     */
    record ModelBytes(byte[] bytes, ModelFile.LoadedModel model, JsonNode training) {
        ModelBytes {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(training, "training");
        }

        /**
         * Reads and validates a model file, its stored training and data records too (the page shows its metrics and
         * its points need both); every problem is a {@link ModelFileException} naming it.
         */
        static ModelBytes read(Path modelPath) throws ModelFileException {
            byte[] bytes = readModelBytes(modelPath);
            ModelFile.LoadedModel model = ModelFile.read(bytes, modelPath.toString());
            JsonNode training = ModelDatasets.training(modelPath, model);
            StoredTraining.dataset(modelPath.toString(), model.metadata());
            return new ModelBytes(bytes, model, training);
        }
    }

    static int serve(Path modelPath, ServeOptions options, ModelDataOptions data, PrintWriter out, PrintWriter err)
            throws IOException {
        options.check();
        InputFiles.requireFile("MODEL", modelPath, InputFiles.MODEL);
        return serve(modelPath, ModelBytes.read(modelPath), options, data, out, err);
    }

    /**
     * Serves a model file already read.
     *
     * @param file    what {@link ModelBytes#read} read from {@code modelPath}
     * @param options {@link ServeOptions#check checked} before the file was read (or a model trained for it)
     * @param data    where its points come from: the model's own data (found as evaluate and plot find it) or
     *                {@code --dataset}, read as they read it
     */
    static int serve(Path modelPath, ModelBytes file, ServeOptions options, ModelDataOptions data, PrintWriter out,
                     PrintWriter err) throws IOException {
        byte[] bytes = file.bytes();
        ModelFile.LoadedModel model = file.model();
        JsonNode training = file.training(); // for the data points, the placeholder without them, the ready line
        byte[] points = ExplorerPoints.of(modelPath, model, training, data, err, "atlas serve", "Serving", false).json();
        try (ExplorerServer server = new ExplorerServer(bytes, points)) {
            URI uri = start(server, options, err);
            // Before the ready line, so whoever reads that line (a script waiting for it) has the note already.
            Exposure.note(options.host, server.listening(), Exposure::machineAddresses).ifPresent(note -> {
                err.println(note);
                err.flush();
            });
            out.println("explorer ready at " + uri + "  (" + Vae.describe(model.config(),
                    TrainingRun.isAutoencoder(training)) + " from " + modelPath + "; press Ctrl-C to stop)");
            out.flush();
            waitUntilStopped();
        }
        return 0;
    }

    private static byte[] readModelBytes(Path modelPath) throws ModelFileException {
        try {
            return Files.readAllBytes(modelPath);
        } catch (IOException e) { // in the words ModelFile.read uses for a file it cannot read
            throw new ModelFileException(modelPath.toString(), "cannot read: " + IoErrors.describe(e));
        }
    }

    private static URI start(ExplorerServer server, ServeOptions options, PrintWriter err) throws IOException {
        try {
            return server.start(options.host, options.port);
        } catch (UncheckedIOException e) {
            if (options.port == 0 || !(e.getCause() instanceof BindException)) {
                throw cannotListen(options.host, e.getCause());
            }
        }
        // The port may be busy, or the host not one of this machine's addresses: only a free port tells them apart.
        try {
            URI uri = server.start(options.host, 0);
            err.println("port " + options.port + " on " + options.host + " is busy; using port " + uri.getPort()
                    + " instead");
            return uri;
        } catch (UncheckedIOException e) {
            throw cannotListen(options.host, e.getCause());
        }
    }

    private static IOException cannotListen(String host, IOException cause) {
        return new IOException("cannot listen on --host " + host + ": " + cause.getMessage()
                + " (it must be an address of this machine; the default, 127.0.0.1, keeps the explorer private)", cause);
    }

    private static void waitUntilStopped() {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "atlas-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // an embedding caller (or a test) asked us to stop: not an error
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook has done its job
            }
        }
    }
}
