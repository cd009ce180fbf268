package org.latentatlas.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The explorer's decoder in the browser: for each model file, {@code ./atlas serve} it, open it in Debian's
 * headless Chromium (driven by Selenium, offline) and time, inside the page with {@code performance.now()},
 * (a) decoding one z, as Roam does on every pointer move, and (b) decoding a 20×20 grid of z's and drawing it
 * with the explorer's own {@code drawGlyphGrid}, as Roam's background grid does. A frame at 60 fps has 16.7 ms.
 *
 * <pre>
 * SE_OFFLINE=true java -cp ... org.latentatlas.bench.ExplorerBench digits.safetensors fm.safetensors
 * </pre>
 * Prints {@code RESULT model=<file> decode_ms=<median> grid_ms=<median> dims=<describe>} per model.
 */
public final class ExplorerBench {
    private ExplorerBench() {}

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Runs in the page: medians over repeated runs, after a warm-up so the JIT has compiled the decoder. */
    static final String MEASURE = """
            const done = arguments[arguments.length - 1];
            (async () => {
              await atlas.ready;
              const { drawGlyphGrid } = await import('/glyph.js');
              const m = atlas.model, d = m.latentDim, n = 20;
              const side = Math.round(Math.sqrt(m.inputDim));
              const [h, w] = side * side === m.inputDim ? [side, side] : [1, m.inputDim];
              const median = a => { a.sort((x, y) => x - y); return a[a.length >> 1]; };
              const z1 = new Float32Array(d);
              const single = [];
              for (let r = 0; r < 1200; r++) {
                z1[0] = Math.sin(r) * 2; z1[1 % d] = Math.cos(r) * 2;
                const t0 = performance.now();
                for (let i = 0; i < 10; i++) m.decode(z1, 1);
                if (r >= 200) single.push((performance.now() - t0) / 10);
              }
              const zs = new Float32Array(n * n * d);
              for (let i = 0; i < n * n; i++) { zs[i * d] = (i % n) / n * 4 - 2; zs[i * d + 1 % d] = Math.floor(i / n) / n * 4 - 2; }
              const canvas = document.createElement('canvas');
              document.body.appendChild(canvas);
              const grid = [];
              for (let r = 0; r < 40; r++) {
                const t0 = performance.now();
                drawGlyphGrid(canvas, m.decode(zs, n * n), n * n, h, w, n, { scale: 2, gap: 0 });
                canvas.getContext('2d').getImageData(0, 0, 1, 1); // wait for the draw, not only its queueing
                if (r >= 10) grid.push(performance.now() - t0);
              }
              canvas.remove();
              return { decode: median(single), grid: median(grid), dims: m.describe ? m.describe() : String(m.inputDim) };
            })().then(done, e => done({ error: String(e) }));
            """;

    public static void main(String[] args) throws Exception {
        if (!Files.isExecutable(CHROMEDRIVER)) {
            System.err.println("ExplorerBench: " + CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
            System.exit(2);
        }
        Path profile = Files.createTempDirectory("atlas-bench-chrome-");
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofMinutes(3));
            for (String model : args) {
                measure(driver, model);
            }
        } finally {
            driver.quit();
        }
    }

    private static void measure(ChromeDriver driver, String model) throws IOException, InterruptedException {
        Process server = new ProcessBuilder("./atlas", "serve", model, "--port", "0")
                .redirectErrorStream(true).start();
        try {
            String url = awaitUrl(server);
            driver.get(url);
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) driver.executeAsyncScript(MEASURE);
            if (r.containsKey("error")) {
                throw new IllegalStateException("in the page: " + r.get("error"));
            }
            System.out.printf("RESULT model=%s decode_ms=%.4f grid_ms=%.2f dims=%s%n", Path.of(model).getFileName(),
                    ((Number) r.get("decode")).doubleValue(), ((Number) r.get("grid")).doubleValue(), r.get("dims"));
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The URL from the server's "explorer ready at URL" line. */
    private static String awaitUrl(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            int at = line.indexOf("explorer ready at ");
            if (at >= 0) {
                List<String> words = List.of(line.substring(at + 18).split("\\s+"));
                Thread reader = new Thread(() -> out.lines().forEach(l -> { })); // keep the pipe drained
                reader.setDaemon(true);
                reader.start();
                return words.get(0);
            }
        }
        throw new IllegalStateException("./atlas serve exited before it was ready");
    }
}
