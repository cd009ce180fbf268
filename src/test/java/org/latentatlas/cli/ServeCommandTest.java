package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentatlas.Prerequisites;
import org.latentatlas.io.SafeTensors;
import org.latentatlas.server.Exposure;

class ServeCommandTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainATinyModel() {
        model = dir.resolve("tiny.safetensors");
        CliRun run = CliRun.of("train", "--epochs", "1", "--hidden", "8", "--no-progress", "-o", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private static void assertOneLineFailure(CliRun run, String... fragments) {
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains(fragments);
        assertThat(run.out()).doesNotContain("explorer ready");
    }

    /** A port no socket can have is refused first: `atlas --port -1` would otherwise train the default model for it. */
    @Test
    void aPortOutOfRangeIsRefusedBeforeAModelIsReadOrTrained(@org.junit.jupiter.api.io.TempDir Path cache) {
        CliRun explore = CliRun.of("explore", "--cache-dir", cache.toString(), "--port", "-1");
        assertThat(explore.exitCode()).isEqualTo(2);
        assertThat(explore.err()).contains("--port must be in 0..65535, got -1");
        assertThat(explore.out()).doesNotContain("training");
        CliRun serve = CliRun.of("serve", dir.resolve("nope.safetensors").toString(), "--port", "70000");
        assertThat(serve.exitCode()).as("the port, not the missing file, is reported").isEqualTo(2);
        assertThat(serve.err()).contains("--port must be in 0..65535, got 70000");
    }

    /**
     * A host that resolves to nothing is the command line's (exit 2), said once, before the model is read or the
     * default trained; it was exit 1 in the resolver's words ("999.1.1.1: 999.1.1.1: Name or service not known").
     * Neither needs a network: 999 is no IPv4 octet, and .invalid names never resolve (RFC 6761).
     */
    @ParameterizedTest(name = "--host {0}")
    @ValueSource(strings = {"999.1.1.1", "nohost.invalid"})
    void aHostThatResolvesToNothingIsRefusedAsAUsageErrorBeforeAModelIsReadOrTrained(String host,
            @org.junit.jupiter.api.io.TempDir Path cache) {
        String says = "--host " + host + ": not an address or a host name this machine can resolve; give one of this"
                + " machine's addresses, such as 127.0.0.1 (the default, this machine only) or 0.0.0.0 (every"
                + " network of this machine)";
        CliRun serve = CliRun.of("serve", dir.resolve("nope.safetensors").toString(), "--host", host);
        CliRun explore = CliRun.of("explore", "--cache-dir", cache.toString(), "--host", host);

        for (CliRun run : List.of(serve, explore)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.errLines()).as(run.err()).isEqualTo(1);
            assertThat(run.out()).doesNotContain("training");
        }
        assertThat(serve.err()).isEqualTo("atlas serve: invalid setting: " + says + " (see 'atlas serve --help')\n");
        assertThat(explore.err()).isEqualTo("atlas explore: invalid setting: " + says
                + " (see 'atlas explore --help')\n");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void anEmptyHostIsRefusedAsEmpty() {
        CliRun run = CliRun.of("serve", dir.resolve("nope.safetensors").toString(), "--host", "");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("atlas serve: invalid setting: --host: empty; give an address such as"
                + " 127.0.0.1 (the default, this machine only) or 0.0.0.0 (every network of this machine)"
                + " (see 'atlas serve --help')\n");
    }

    /** The file system would say only "Not a directory" of the models folder under it, and exit 1. */
    @Test
    void aFileGivenAsTheCacheFolderIsAUsageErrorNamingTheOption() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "kept");
        CliRun run = CliRun.of("explore", "--cache-dir", file.toString(), "--port", "0");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.errLines()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("--cache-dir " + file + " is not a directory");
        assertThat(run.out()).doesNotContain("training");
        assertThat(file).hasContent("kept");
    }

    @Test
    void aTruncatedFileIsRejected() throws Exception {
        byte[] bytes = Files.readAllBytes(model);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLineFailure(CliRun.of("serve", truncated.toString()), "truncated.safetensors", "beyond the end");
    }

    @Test
    void aFileWithAWrongHeaderIsRejected() throws Exception {
        Path wrong = dir.resolve("wrong.safetensors");
        byte[] junk = "{not json at all}       ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + junk.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(junk.length).put(junk);
        Files.write(wrong, b.array());
        assertOneLineFailure(CliRun.of("serve", wrong.toString()), "wrong.safetensors", "not valid JSON");
    }

    @Test
    void aSafetensorsFileThatIsNotAModelIsRejected() throws Exception {
        Path other = dir.resolve("other.safetensors");
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        SafeTensors.write(other, List.of(SafeTensors.TensorSpec.f32("weight", 2, 2)), data, Map.of());
        assertOneLineFailure(CliRun.of("serve", other.toString()), "other.safetensors", "not a Latent Atlas model");
    }

    /** The address is --host's: the help says which option sets it, not only what the default is. */
    @Test
    void theHelpSaysTheExplorerListensOnHostNotAlwaysOnTheLoopback() {
        for (String[] help : new String[][] {{"serve", "--help"}, {"--help"}}) {
            String out = CliRun.of(help).out().replaceAll("\\s+", " ");
            assertThat(out).as(String.join(" ", help)).contains("on --host (default 127.0.0.1, this machine only)")
                    .doesNotContain("on 127.0.0.1 and print");
        }
    }

    @Test
    void aHostThatIsNotAnAddressOfThisMachineIsRefusedBeforeAModelIsTrainedNotMistakenForABusyPort(
            @org.junit.jupiter.api.io.TempDir Path cache) {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, never assigned to a machine.
        CliRun serve = CliRun.of("serve", model.toString(), "--host", "192.0.2.1", "--port", "8765");
        CliRun explore = CliRun.of("explore", "--cache-dir", cache.toString(), "--host", "192.0.2.1");

        for (CliRun run : List.of(serve, explore)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.errLines()).as(run.err()).isEqualTo(1);
            assertThat(run.err()).contains("--host 192.0.2.1: not an address of this machine; give one of this"
                    + " machine's addresses, such as 127.0.0.1").doesNotContain("busy");
            assertThat(run.out()).doesNotContain("training");
        }
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void serveAnswersOnAFreePortWithThePageModelAndPoints() throws Exception {
        try (ServingRun serve = ServingRun.start("serve", model.toString(), "--port", "0")) {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(serve.url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<html");
            assertThat(serve.get("/model.safetensors", HttpResponse.BodyHandlers.ofByteArray()))
                    .isEqualTo(Files.readAllBytes(model));
            assertThat(serve.get("/points.json", HttpResponse.BodyHandlers.ofString())).contains("\"test\"")
                    .contains("\"train\"");
            assertThat(serve.url.getHost()).isEqualTo("127.0.0.1");
            assertThat(serve.err()).as("this machine only: nothing to warn of").doesNotContain("listening on");
        }
    }

    /**
     * Bound to every interface, serve says who else can open the page and how, before the ready line (so a script
     * that waits for that line has it), and the ready line keeps its form and the loopback URL, which works here.
     */
    @Test
    void serveOnAllInterfacesSaysAnyoneWhoCanReachThePortCanOpenIt() throws Exception {
        try (ServingRun serve = ServingRun.start("serve", model.toString(), "--host", "0.0.0.0", "--port", "0")) {
            int port = serve.url.getPort();
            assertThat(serve.out()).startsWith("explorer ready at http://127.0.0.1:" + port + "/  (");
            assertThat(serve.err()).startsWith("listening on all interfaces (--host 0.0.0.0): anyone who can reach this"
                    + " machine on port " + port + " can open the explorer and download the model file; from another"
                    + " machine open http://").contains("(the 127.0.0.1 URL works on this machine only)")
                    .as("0.0.0.0 takes no IPv6 connection: no IPv6 URL").doesNotContain("http://[");
            assertThat(serve.get("/", HttpResponse.BodyHandlers.ofString())).contains("<html");
        }
    }

    /** Bound to one of this machine's own network addresses, the printed URL is that address's, and it answers. */
    @Test
    void serveOnANetworkAddressPrintsItsUrlAndSaysOtherMachinesCanOpenIt() throws Exception {
        Optional<InetAddress> lan = Exposure.machineAddresses().stream().filter(a -> a instanceof Inet4Address)
                .findFirst();
        Prerequisites.require(lan.isPresent(), "needs an IPv4 address on this machine other than the loopback");
        String address = lan.get().getHostAddress();
        try (ServingRun serve = ServingRun.start("serve", model.toString(), "--host", address, "--port", "0")) {
            assertThat(serve.url.getHost()).isEqualTo(address);
            assertThat(serve.err()).isEqualTo("listening on " + address + " (--host " + address + "), not only on this"
                    + " machine: anyone who can reach this machine on port " + serve.url.getPort() + " can open the"
                    + " explorer and download the model file; its URL, " + serve.url + ", works from other machines"
                    + " that can reach that address\n");
            assertThat(serve.get("/", HttpResponse.BodyHandlers.ofString())).contains("<html");
        }
    }
}
