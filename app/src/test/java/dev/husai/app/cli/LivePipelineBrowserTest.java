package dev.husai.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.app.stream.KafkaMetricFeed;
import dev.husai.core.config.HookPoint;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.protocol.ControlMessage;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.kafka.ControlListener;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.verticle.AnalyzerVerticle;
import dev.husai.stream.verticle.BrokerAndAnalyzer;
import dev.husai.web.Chromium;
import dev.husai.web.MetricStore;
import dev.husai.web.SweepResults;
import dev.husai.web.WebServer;
import dev.husai.web.WebServerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live UI through the REAL pipeline, wired as {@code husai serve} + analyzer do it: embedded Kafka, the
 * {@link AnalyzerVerticle}, {@link KafkaMetricFeed} into a {@link MetricStore}, the {@link WebServer} sending stops
 * with {@link LiveWeb}; a 3-seed group published snapshot by snapshot through {@code KafkaSnapshotSink}
 * by {@link SnapshotPublisher}, which obeys {@code husai.control} through the trainers' {@link ControlListener}.
 * Headless Debian Chromium: the overview shows the configuration the analyzer put on the group points, the group
 * page's curve grows as snapshots arrive, and pressing stop on a seed puts a control message on husai.control.
 */
class LivePipelineBrowserTest {
    private static final String GROUP = "resid_post.topk.x4.k4.ui";
    @RegisterExtension
    final BrokerAndAnalyzer stack = BrokerAndAnalyzer.withTopics("ui", 2);

    @Test
    @Timeout(90)
    void curveGrowsAsSnapshotsArriveAndStopReachesTheControlTopic() throws Exception {
        Chromium.assumeAvailable();
        long t0 = System.nanoTime();
        String bootstrap = stack.bootstrap();
        HusaiTopics topics = stack.topics();
        LiveWeb web = null;
        WebDriver driver = null;
        List<ControlMessage> controls = new CopyOnWriteArrayList<>();
        try {
            stack.deploy(new AnalyzerVerticle(stack.config(AnalyzerOptions.defaults()), groundTruth()));
            MetricStore store = new MetricStore();
            web = LiveWeb.start(stack.vertx(), bootstrap, topics, WebServerOptions.defaults().withPort(0), store, SweepResults.none());
            WebServer server = web.server();
            try (SnapshotPublisher publisher = new SnapshotPublisher(bootstrap, topics.snapshots(), GROUP, 3, 200);
                 ControlListener control = new ControlListener(bootstrap, topics.control(), GROUP, m -> {
                     controls.add(m);
                     publisher.stop(m.seed());
                 }).start()) {
                publisher.start();
                driver = Chromium.start();
                String base = server.url().substring(0, server.url().indexOf("/#"));
                checkOverview(driver, base, store);
                driver.get(base + "/group.html?id=" + GROUP + "#token=" + server.url().substring(server.url().indexOf("#token=") + 7));
                checkGrows(driver);
                checkForecast(driver);
                checkFourierTable(driver);
                checkStop(driver, controls);
                assertEquals(0, web.feed().malformed(), "every point the analyzer published passed the UI's edge checks");
            }
            System.out.printf("live pipeline browser test: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        } finally {
            if (driver != null) {
                driver.quit();
            }
            if (web != null) {
                web.close();
            }
        }
    }

    /** The overview lists the group with the width and sparsity the analyzer read from the snapshots' metadata. */
    private static void checkOverview(WebDriver driver, String base, MetricStore store) {
        driver.get(base + "/index.html");
        new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage(() -> "expected the group with width 64 (x4) in the "
                + "overview, found rows " + texts(driver, "#groups tbody tr") + "; store: " + store.groups().encode()).until(d -> {
            List<String> row = texts(d, "#groups tbody tr:first-child td");
            return row.size() > 4 && row.get(3).equals("64 (x4)") ? row : null;
        });
        List<String> row = texts(driver, "#groups tbody tr:first-child td");
        assertEquals(List.of(GROUP, "topk", "resid_post", "64 (x4)", "k=4"), row.subList(0, 5));
    }

    private static void checkGrows(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        int first = wait.until(d -> points(d) >= 2 ? points(d) : null);
        int later = wait.until(d -> points(d) >= first + 3 ? points(d) : null);
        @SuppressWarnings("unchecked")
        List<Number> means = (List<Number>) ((JavascriptExecutor) driver).executeScript("return pw.mean.points.map(p => p[1]);");
        assertTrue(means.size() >= later, "expected >= " + later + " PW-MCC points, found " + means);
        double firstMean = means.get(0).doubleValue();
        double lastMean = means.get(means.size() - 1).doubleValue();
        assertTrue(lastMean > firstMean, "expected PW-MCC to rise as the seeds converge, found " + means);
        assertTrue(texts(driver, "#pwmcc-readout").get(0).endsWith("N = 3 pairs (3 seeds)"), texts(driver, "#pwmcc-readout").toString());
        String raster = texts(driver, "#crystal-readout").get(0);
        assertTrue(raster.matches("seed 0 at step \\d+: \\d+ of 64 latents crystallized, .*"),
                "expected the analyzer's crystallization runs of seed 0 in the raster, found " + raster);
    }

    /**
     * Once the group is past 20% of its step cap (2000: step 400) the page shows the server's early-warning forecast
     * from the model shipped in the product; the store's summary says "not ready" until then (GroupForecastTest).
     */
    private static void checkForecast(WebDriver driver) {
        String text = new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(() -> "expected the forecast, found "
                + texts(driver, "#forecast")).until(d -> "shown".equals(d.findElement(By.tagName("body"))
                .getDomAttribute("data-forecast")) ? texts(d, "#forecast").get(0) : null);
        assertTrue(text.matches("forecast at end: PW-MCC ~ -?\\d\\.\\d{3}, shared ~ -?\\d\\.\\d{3} \\(from \\d+ study groups, "
                + "LOGO MAE \\d\\.\\d{3} / \\d\\.\\d{3}\\)"), text);
        Number last = (Number) ((JavascriptExecutor) driver).executeScript("return Math.max(...groupPoints.keys());");
        assertTrue(last.longValue() >= SnapshotPublisher.CAP / 5, "shown at step " + last + ", before 20% of the cap");
    }

    /**
     * A p = 13 stand-in testbed for the publisher's D = 16 SAEs: input (a, b) -> cos/sin of frequencies 1..6 and two
     * constant coordinates, w = 2 pi (a+b) / 13; key frequencies 2 and 5.
     */
    static GroundTruth groundTruth() {
        int p = 13;
        float[] x = new float[p * p * SnapshotPublisher.D];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double w = 2 * Math.PI * (a + b) / p;
                int r = (a * p + b) * SnapshotPublisher.D;
                for (int k = 1; k <= 6; k++) {
                    x[r + 2 * k - 2] = (float) Math.cos(k * w);
                    x[r + 2 * k - 1] = (float) Math.sin(k * w);
                }
                x[r + 12] = 1;
                x[r + 13] = 0.5f;
            }
        }
        return new GroundTruth(p, Map.of(HookPoint.RESID_POST, new FloatMatrix(p * p, SnapshotPublisher.D, x)), new int[] {2, 5});
    }

    /** The analyzer's sampled fourier points reach the group page's ground-truth table (one column per seed). */
    private static void checkFourierTable(WebDriver driver) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(() -> "expected the Fourier table, found "
                + texts(driver, "#fourier") + " / " + texts(driver, "#fourier-note")).until(d -> texts(d, "#fourier thead th").size() == 4);
        assertEquals(List.of("key frequency k", "seed 0", "seed 1", "seed 2"), texts(driver, "#fourier thead th"));
        assertEquals(List.of("k = 2", "k = 5", "recovered"), texts(driver, "#fourier tbody th"));
        List<String> cells = texts(driver, "#fourier tbody tr:not(:last-child) td");
        assertEquals(6, cells.size());
        for (String c : cells) {
            assertTrue(c.matches("\\d+ \\(\\d+\\)\nbest [01]\\.\\d\\d"), "expected 'latents (universal)' and 'best purity', found " + c);
        }
        assertTrue(texts(driver, "#fourier-note").get(0).matches("computed at step \\d+ · p = 13 · .*"), texts(driver, "#fourier-note").toString());
    }

    private static void checkStop(WebDriver driver, List<ControlMessage> controls) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> !d.findElements(By.cssSelector("button[data-seed='2']")).isEmpty());
        driver.findElement(By.cssSelector("button[data-seed='2']")).click();
        wait.until(d -> !controls.isEmpty());
        ControlMessage m = controls.get(0);
        assertEquals(List.of("stop", GROUP, 2L), List.of(m.action(), m.group(), m.seed()), "the message on husai.control");
        assertEquals("stopped from the web UI", m.reason());
        wait.until(d -> texts(d, "#alerts").get(0).contains("stop sent seed 2"));
        // the publisher obeys like a trainer (last snapshot with stopped_reason): the analyzer averages 1 pair from then on
        wait.until(d -> texts(d, "#pwmcc-readout").get(0).endsWith("N = 1 pair (2 seeds)"));
    }

    private static int points(WebDriver d) {
        String v = d.findElement(By.tagName("body")).getDomAttribute("data-points");
        return v == null ? 0 : Integer.parseInt(v);
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts(WebDriver driver, String css) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText.trim());", css);
    }
}
