package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentatlas.Prerequisites;

@DisplayName("The explorer's HTTP server")
class ExplorerServerTest {
    private static final byte[] MODEL = ExplorerFixture.digits().modelFile();
    private static final byte[] POINTS = ExplorerFixture.digits().pointsJson();
    private final HttpClient http = HttpClient.newHttpClient();
    private ExplorerServer server;
    private URI address;

    @BeforeEach
    void start() {
        server = new ExplorerServer(MODEL, POINTS);
        address = server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void startsOnAnEphemeralLoopbackPortAndReturnsThePageAddress() {
        assertThat(address.getScheme()).isEqualTo("http");
        assertThat(address.getHost()).isEqualTo("127.0.0.1");
        assertThat(address.getPort()).isPositive();
        assertThat(address.getPath()).isEqualTo("/");
    }

    @Test
    void theRootServesTheExplorerPage() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.body()).contains("<title>Latent Atlas</title>", "app.js", "<link rel=\"icon\" href=\"data:,\">");
    }

    @Test
    void javascriptModulesAreServedAsTextJavascript() throws Exception {
        for (String module : new String[] {"/app.js", "/safetensors.js", "/vae.js", "/plane.js"}) {
            HttpResponse<String> r = get(module);
            assertThat(r.statusCode()).as(module).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(module).hasValue("text/javascript; charset=utf-8");
        }
        assertThat(get("/style.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    }

    @Test
    void theModelFileIsServedByteForByteAndNeverCached() throws Exception {
        HttpResponse<byte[]> r = http.send(request("/model.safetensors").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(MODEL);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void thePointsAreServedAsJsonThatParses() throws Exception {
        HttpResponse<String> r = get("/points.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode doc = new ObjectMapper().readTree(r.body());
        assertThat(doc.at("/dataset/name").asText()).isEqualTo("digits");
        assertThat(doc.at("/latentDim").asInt()).isEqualTo(2);
        assertThat(doc.at("/splits/test/count").asInt()).isEqualTo(360);
        assertThat(doc.at("/splits/test/mu").size()).isEqualTo(720);
    }

    @Test
    void headAnswersWithHeadersAndNoBody() throws Exception {
        HttpResponse<String> r = http.send(request("/points.json").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/../pom.xml", "/..%2fpom.xml", "/%2e%2e/pom.xml", "/%2E%2E%2Fpom.xml", "/.%2e/pom.xml",
            "/web/../index.html", "/web/index.html", "/./index.html", "//etc/passwd", "/%2fetc%2fpasswd",
            "/..\\pom.xml", "/..%5cpom.xml", "/C:%5cWindows%5cwin.ini", "/index.html%00.js", "/app.js/",
            "/org/latentatlas/server/ExplorerServer.class", "/ExplorerServer.class", "/.hidden.js",
            "/data/digits.csv.gz", "/", "/nope.js", "/favicon.ico", "/web/", "/model.safetensors/.."})
    void pathTraversalAndUnknownPathsAreNotFound(String path) throws IOException {
        String status = rawRequest("GET " + path + " HTTP/1.1");
        if (path.equals("/")) {
            assertThat(status).startsWith("HTTP/1.1 200"); // the control case: the same client can get a page
        } else if (path.contains("\\")) {
            // Not a legal URI: the JDK's server answers 400 before any handler runs, which is as safe.
            assertThat(status).as(path).matches("HTTP/1.1 40[04] .*");
        } else {
            assertThat(status).as(path).startsWith("HTTP/1.1 404");
        }
    }

    @Test
    void anAbsoluteUriIsServedOnlyForItsPathAndCannotReachFiles() throws IOException {
        assertThat(rawRequest("GET file:///etc/passwd HTTP/1.1")).startsWith("HTTP/1.1 404");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"})
    void methodsOtherThanGetAndHeadAreRefusedWith405(String method) throws Exception {
        HttpResponse<String> r = http.send(request("/model.safetensors")
                .method(method, HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void aRequestNamingAForeignHostIsRefusedSoDnsRebindingCannotReachIt() throws IOException {
        assertThat(rawRequest("GET /model.safetensors HTTP/1.1", "Host: attacker.example:" + address.getPort()))
                .startsWith("HTTP/1.1 403");
        assertThat(rawRequest("GET / HTTP/1.1", "Host: localhost:" + address.getPort())).startsWith("HTTP/1.1 200");
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"127.attacker.example", "127.0.0.1.rebind.attacker.example", "127.0.0", "127.0.0.256",
        "127.0.0.1.", "127.0.0.x", "0127.0.0.1", "localhost.attacker.example"})
    void aHostThatOnlyLooksLikeLoopbackIsRefused(String host) throws IOException {
        assertThat(rawRequest("GET /model.safetensors HTTP/1.1", "Host: " + host + ":" + address.getPort()))
                .startsWith("HTTP/1.1 403");
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "[::1]"})
    void aLoopbackHostIsServed(String host) throws IOException {
        assertThat(rawRequest("GET / HTTP/1.1", "Host: " + host + ":" + address.getPort())).startsWith("HTTP/1.1 200");
    }

    @Test
    void stalledRequestsDoNotHoldUpOthers() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) { // more than a fixed pool of four would have had
                Socket s = new Socket("127.0.0.1", address.getPort());
                s.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            HttpResponse<String> r = http.send(request("/points.json").timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void itListensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        Prerequisites.require(external.isPresent(), "needs a non-loopback IPv4 address on this machine to try");
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external.get(), address.getPort()), 1000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void responsesForbidSniffingAndFraming() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
    }

    @Test
    void closingFreesThePortAndStartingTwiceIsAnError() throws Exception {
        assertThatThrownBy(() -> server.start("127.0.0.1", 0)).isInstanceOf(IllegalStateException.class);
        server.close();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", address.getPort()), 1000);
            }
        }).isInstanceOf(ConnectException.class);
        server.close(); // closing twice is harmless
    }

    @Test
    void theDataIsCopiedSoCallersCannotChangeWhatIsServed() throws Exception {
        byte[] model = MODEL.clone();
        try (ExplorerServer other = new ExplorerServer(model, POINTS)) {
            URI uri = other.start(null, 0);
            model[0] ^= 1;
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri.resolve("/model.safetensors")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.body()).isEqualTo(MODEL);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(address.resolve(path));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the request line exactly as written (HttpClient would normalize it) and returns the status line. */
    private String rawRequest(String requestLine, String... headers) throws IOException {
        try (Socket s = new Socket("127.0.0.1", address.getPort())) {
            s.setSoTimeout(5000);
            StringBuilder req = new StringBuilder(requestLine).append("\r\n");
            if (headers.length == 0) {
                req.append("Host: 127.0.0.1:").append(address.getPort()).append("\r\n");
            }
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.write(b);
            }
            return line.toString(StandardCharsets.ISO_8859_1).strip();
        }
    }
}
