package org.latentatlas.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The local HTTP server behind the explorer: the page's files ({@link ExplorerPage#FILES}, from the classpath), the
 * model file at {@code /model.safetensors} and the encoded points at {@code /points.json}.
 *
 * <p>It serves from memory and the classpath only, never from the file system, and it accepts a path only if
 * it is one plain file name ({@code /app.js}); anything else (dot segments, percent escapes, absolute paths,
 * sub-folders) is a 404 before any lookup. Bound to a loopback address it also refuses requests whose
 * {@code Host} is not a loopback name, so a web page elsewhere cannot reach it by DNS rebinding.
 */
public final class ExplorerServer implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** One file name: letters, digits, '-', '_', one extension. No dots, slashes or escapes anywhere else. */
    private static final Pattern STATIC_NAME = Pattern.compile("/[A-Za-z0-9_-]{1,64}\\.[a-z0-9]{1,8}");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", // ES modules are refused under any other type
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8");
    /**
     * The page's own {@code <meta>} policy (a static host sends no header: see {@link ExplorerExport}) and
     * frame-ancestors, which only a header can carry; {@code ExplorerPageTest} holds the two to each other.
     */
    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; "
            + "style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final byte[] modelFile;
    private final byte[] pointsJson;
    /** The page's files, each read from the classpath once, when first asked for. */
    private final Map<String, byte[]> staticFiles = new ConcurrentHashMap<>();
    private HttpServer server;
    private ExecutorService executor;
    private boolean loopbackOnly;
    /** The address bound, as resolved: the socket reports 0.0.0.0 as :: on a dual-stack machine. */
    private InetAddress bound;

    /**
     * @param modelFile  the safetensors bytes, served unchanged
     * @param pointsJson the document {@link PointsJson#build} makes
     */
    public ExplorerServer(byte[] modelFile, byte[] pointsJson) {
        this.modelFile = Objects.requireNonNull(modelFile, "modelFile").clone();
        this.pointsJson = Objects.requireNonNull(pointsJson, "pointsJson").clone();
    }

    /**
     * Starts serving and returns the page's address.
     *
     * @param host the address to bind, {@code null} for {@value #DEFAULT_HOST}
     * @param port the port, 0 for any free one
     */
    public synchronized URI start(String host, int port) {
        if (server != null) {
            throw new IllegalStateException("server already started at " + address());
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        try {
            InetAddress bind = InetAddress.getByName(host == null ? DEFAULT_HOST : host);
            loopbackOnly = bind.isLoopbackAddress();
            bound = bind;
            server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        // Not a fixed pool: the JDK server holds a thread per request whose head has not finished arriving, so four
        // such connections (a stalled client, a slow local process) would have kept every other request waiting.
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "explorer-http");
            t.setDaemon(true); // a forgotten close() must not keep the JVM alive
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return address();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8123/}. */
    public synchronized URI address() {
        if (server == null) {
            throw new IllegalStateException("server not started");
        }
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? DEFAULT_HOST : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** The address bound and the port it listens on: a wildcard (0.0.0.0, ::) where it listens on every interface. */
    public synchronized InetSocketAddress listening() {
        if (server == null) {
            throw new IllegalStateException("server not started");
        }
        return new InetSocketAddress(bound, server.getAddress().getPort());
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendText(exchange, 405, "method not allowed", false);
                return;
            }
            if (loopbackOnly && !isLoopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
                sendText(exchange, 403, "forbidden host", head);
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            switch (path == null ? "" : path) {
                case "/", "/index.html" -> sendStatic(exchange, "/index.html", head);
                case "/model.safetensors" -> sendData(exchange, modelFile, "application/octet-stream", head);
                case "/points.json" -> sendData(exchange, pointsJson, "application/json", head);
                default -> sendStatic(exchange, path, head);
            }
        }
    }

    private void sendStatic(HttpExchange exchange, String path, boolean head) throws IOException {
        if (path == null || !STATIC_NAME.matcher(path).matches()) {
            sendText(exchange, 404, "not found", head);
            return;
        }
        String name = path.substring(1);
        String type = CONTENT_TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        if (type == null || !ExplorerPage.FILES.contains(name)) {
            sendText(exchange, 404, "not found", head);
            return;
        }
        byte[] body = staticFiles.computeIfAbsent(name, ExplorerPage::read);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        send(exchange, 200, type, body, head);
    }

    private static void sendData(HttpExchange exchange, byte[] body, String type, boolean head) throws IOException {
        // The model and points change whenever the user retrains; a cached copy would show a stale model.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 200, type, body, head);
    }

    private static void sendText(HttpExchange exchange, int status, String message, boolean head)
            throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", CSP);
        if (head) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static boolean isLoopbackHost(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(1, end);
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        return host.equals("localhost") || host.equals("::1") || isLoopbackIpv4Literal(host);
    }

    /**
     * Whether {@code host} is an IPv4 address in 127.0.0.0/8 written as four decimal octets. A prefix test would let
     * a DNS-rebinding name such as {@code 127.attacker.example} through.
     */
    private static boolean isLoopbackIpv4Literal(String host) {
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                    || Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }
}
