package dev.husai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.protocol.ControlMessage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The UI in real headless Chromium (Debian chromium + chromium-driver), fed by a synthetic 8-seed stream. */
class BrowserTest {
    private static final int SEEDS = 8;

    @Test
    @Timeout(60)
    void groupPageGrowsLiveEscapesTheNameAndStopsASeed() throws Exception {
        Chromium.assumeAvailable();
        Vertx vertx = Vertx.vertx();
        List<ControlMessage> sent = new CopyOnWriteArrayList<>();
        AtomicReference<MetricStore> store = new AtomicReference<>(new MetricStore());
        MetricListener toStore = new MetricListener() {
            @Override
            public void onMetric(JsonObject point) {
                synchronized (store) { // the restart swaps the store under this lock: no point falls between the two
                    store.get().onMetric(point);
                }
            }

            @Override
            public void onAlert(JsonObject alert) {
                synchronized (store) {
                    store.get().onAlert(alert);
                }
            }
        };
        SyntheticFeed feed = new SyntheticFeed(toStore, List.of("topk-k32-x8", SyntheticFeed.XSS), SEEDS);
        Consumer<ControlMessage> control = m -> {
            sent.add(m);
            feed.stop(m.group(), m.seed());
        };
        WebServer server = new WebServer(WebServerOptions.defaults().withPort(0), store.get(), control);
        WebDriver driver = null;
        try {
            String deployment = vertx.deployVerticle(server).await();
            feed.start(vertx, 250);
            driver = Chromium.start();
            String base = server.url().substring(0, server.url().indexOf("/#"));
            String token = server.url().substring(server.url().indexOf("#token=") + 7);
            checkOverview(driver, base);
            driver.get(base + "/group.html?id=" + URLEncoder.encode(SyntheticFeed.XSS, StandardCharsets.UTF_8) + "#token=" + token);
            assertEquals(SyntheticFeed.XSS, driver.findElement(By.id("title")).getText());
            checkGrows(driver);
            checkHoverReadout(driver);
            checkRaster(driver);
            checkFourierTable(driver);
            checkStop(driver, sent);
            reportLatency(driver); // live latency, before the restart (points published while it is down wait for it)
            restart(vertx, deployment, server, store, control);
            checkResumedWithoutGaps(driver);
            checkStoppedCurveEnded(driver);
            Chromium.screenshot(driver, Path.of("target", "screenshots", "group.png"));
            WebDriver d = driver;
            assertThrows(NoAlertPresentException.class, () -> d.switchTo().alert(), "the XSS payload must not run");
            assertTrue(driver.findElements(By.tagName("img")).isEmpty(), "expected no <img> element, the name is text");
        } finally {
            if (driver != null) {
                driver.quit();
            }
            vertx.close().await();
        }
    }

    private static void checkOverview(WebDriver driver, String base) throws Exception {
        driver.get(base + "/index.html");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        wait.until(d -> texts(d, "#groups tbody tr").size() == 2 && !texts(d, "#groups tbody tr:last-child").get(0).contains("–"));
        assertEquals(List.of("topk-k32-x8", SyntheticFeed.XSS), texts(driver, "#groups tbody td a"));
        List<String> first = texts(driver, "#groups tbody tr:first-child td");
        assertEquals(List.of("topk-k32-x8", "topk", "resid_post", "1024 (x8)", "k=32"), first.subList(0, 5),
                "expected the overview to show the width and sparsity the group points carry");
        checkCompareViews(driver);
        checkOverviewLive(driver);
    }

    /** The overview's step column grows through the SSE summaries, with no request to /api/groups (no polling). */
    private static void checkOverviewLive(WebDriver driver) {
        String step = "#groups tbody tr:first-child td:nth-child(7)";
        long before = Long.parseLong(texts(driver, step).get(0));
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> Long.parseLong(texts(d, step).get(0)) >= before + 300);
        Number polls = (Number) ((JavascriptExecutor) driver).executeScript(
                "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/groups')).length;");
        assertEquals(0, polls.intValue(), "expected the overview to be fed by SSE, found requests to /api/groups");
        assertTrue(texts(driver, "#status").get(0).startsWith("● live · 2 groups"), "status: " + texts(driver, "#status"));
    }

    /** "Compare across" pivots: one row per configuration-except-the-factor, one column per factor value. */
    private static void checkCompareViews(WebDriver driver) throws Exception {
        new Select(driver.findElement(By.id("compare"))).selectByValue("sparsity");
        assertEquals(List.of("configuration except sparsity", "k=16", "k=32"), texts(driver, "#groups thead th"));
        assertEquals(List.of("resid_post · topk · d_sae 1024 (x8)"), texts(driver, "#groups tbody th"));
        List<String> cells = texts(driver, "#groups tbody td");
        assertTrue(cells.size() == 2 && cells.get(0).contains(SyntheticFeed.XSS) && cells.get(1).contains("topk-k32-x8"),
                "expected the k=16 group left of the k=32 one, found " + cells);
        Chromium.screenshot(driver, Path.of("target", "screenshots", "overview-compare.png"));
        new Select(driver.findElement(By.id("compare"))).selectByValue("width");
        assertEquals(List.of("configuration except width", "d_sae 1024 (x8)"), texts(driver, "#groups thead th"));
        assertEquals(List.of("resid_post · topk · k=16", "resid_post · topk · k=32"), texts(driver, "#groups tbody th"));
        new Select(driver.findElement(By.id("compare"))).selectByValue("");
        driver.findElement(By.id("filter")).sendKeys("k=32");
        assertEquals(List.of("topk-k32-x8"), texts(driver, "#groups tbody td a"));
        driver.findElement(By.id("filter")).clear();
    }

    /** The visible texts of the elements matching {@code css}, read in one script (rows update live). */
    @SuppressWarnings("unchecked")
    static List<String> texts(WebDriver driver, String css) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText.trim());", css);
    }

    private static void checkGrows(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        int first = wait.until(d -> points(d) >= 3 ? points(d) : null);
        int later = wait.until(d -> points(d) >= first + 3 ? points(d) : null);
        int canvas = Integer.parseInt(driver.findElement(By.id("pwmcc")).getDomAttribute("data-points"));
        assertTrue(canvas >= later, "expected the PW-MCC canvas to have drawn >= " + later + " points, found " + canvas);
    }

    private static int points(WebDriver d) {
        String v = d.findElement(By.tagName("body")).getDomAttribute("data-points");
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static void checkStop(WebDriver driver, List<ControlMessage> sent) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        wait.until(d -> !d.findElements(By.cssSelector("button[data-seed='3']")).isEmpty());
        driver.findElement(By.cssSelector("button[data-seed='3']")).click();
        wait.until(d -> !sent.isEmpty());
        assertEquals(SyntheticFeed.XSS, sent.get(0).group());
        assertEquals(3L, sent.get(0).seed());
        wait.until(d -> d.findElement(By.id("alerts")).getText().contains("stop sent seed 3"));
        wait.until(d -> d.findElement(By.cssSelector("button[data-seed='3']")).getDomProperty("disabled").equals("true"));
        wait.until(d -> d.findElement(By.id("pwmcc-readout")).getText().endsWith("N = 21 pairs (7 seeds)"));
        Object marks = ((JavascriptExecutor) driver).executeScript("return pw.marks.points.map(p => p[1]);");
        assertEquals(List.of("N=28", "N=21"), marks, "expected a mark where N drops after the stop");
    }

    /** The raster's readout agrees with the seed point's crystallized count; another seed can be chosen. */
    private static void checkRaster(WebDriver driver) {
        String readout = texts(driver, "#crystal-readout").get(0);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("seed 0 at step (\\d+): (\\d+) of 1024 latents crystallized, 0 of them")
                .matcher(readout);
        assertTrue(m.find(), "expected seed 0's raster summary, found " + readout);
        long step = Long.parseLong(m.group(1));
        assertEquals((long) ((1 - Math.exp(-step / 1500.0)) * 1024), Long.parseLong(m.group(2)), readout);
        assertTrue(Integer.parseInt(driver.findElement(By.id("crystal")).getDomAttribute("data-runs")) >= step / 100 - 1);
        new Select(driver.findElement(By.id("crystal-seed"))).selectByValue("5");
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> texts(d, "#crystal-readout").get(0).startsWith("seed 5 at step"));
        assertTrue(texts(driver, "#crystal-readout").get(0).matches(".* [1-9]\\d* of them after losing their match once.*"),
                texts(driver, "#crystal-readout").toString());
    }

    /** The ground-truth table: key frequencies x seeds, "latents (universal)" and best purity, the step in the note. */
    private static void checkFourierTable(WebDriver driver) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> texts(d, "#fourier thead th").size() == SEEDS + 1);
        List<String> head = texts(driver, "#fourier thead th");
        assertEquals(List.of("key frequency k", "seed 0", "seed 1"), head.subList(0, 3));
        assertEquals("seed 7", head.get(SEEDS));
        assertEquals(List.of("k = 14", "k = 35", "k = 41", "k = 42", "k = 52", "recovered"), texts(driver, "#fourier tbody th"));
        List<String> k14 = texts(driver, "#fourier tbody tr:first-child td");
        assertEquals(SEEDS, k14.size());
        for (int seed = 0; seed < SEEDS; seed++) {
            int n = SyntheticFeed.recovering(14, seed);
            assertEquals(n + " (" + Math.max(0, n - 1) + ")\nbest " + (n > 0 ? "0.90" : "0.30"), k14.get(seed), "seed " + seed);
        }
        // seed 0: k = 42 has no latent (42 mod 3 = 0), the other four have: 4 of 5 recovered
        assertEquals("0 (0)\nbest 0.30", texts(driver, "#fourier tbody tr:nth-child(4) td").get(0));
        assertEquals("4 of 5", texts(driver, "#fourier tbody tr:last-child td").get(0));
        String note = texts(driver, "#fourier-note").get(0);
        assertTrue(note.matches("computed at step [1-9]\\d*00 · p = 113 · purity ≥ 0.50 · universal = found at τ = 0.70 by every other seed"),
                "expected the step of the points in the note, found " + note);
    }

    /** Hovering the left edge of the PW-MCC chart reads an early step; leaving it returns to the latest. */
    private static void checkHoverReadout(WebDriver driver) {
        WebElement canvas = driver.findElement(By.id("pwmcc"));
        new Actions(driver).moveToElement(canvas, -canvas.getSize().getWidth() / 2 + 46, 0).perform();
        String hovered = driver.findElement(By.id("pwmcc-readout")).getText();
        assertTrue(hovered.matches("step (100|200) · mean .* · N = 28 pairs \\(8 seeds\\)"),
                "expected the readout of an early step with N, found " + hovered);
        new Actions(driver).moveToElement(driver.findElement(By.id("title"))).perform();
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> !d.findElement(By.id("pwmcc-readout")).getText()
                .startsWith(hovered.substring(0, 9)));
    }

    /** Stops the server and starts a new one on the same port whose store is refilled (as from Kafka retention). */
    private static void restart(Vertx vertx, String deployment, WebServer old, AtomicReference<MetricStore> store,
                                Consumer<ControlMessage> control) {
        int port = old.actualPort();
        String token = old.url().substring(old.url().indexOf("#token=") + 7);
        vertx.undeploy(deployment).await();
        MetricStore refilled = new MetricStore();
        synchronized (store) { // as a refill from Kafka: every point published so far, then the live ones
            for (StoredEvent e : store.get().history(SyntheticFeed.XSS, -1)) {
                if (e.kind().equals("metric")) {
                    refilled.onMetric(e.json());
                }
            }
            store.set(refilled);
        }
        vertx.deployVerticle(new WebServer(WebServerOptions.defaults().withPort(port).withToken(token), refilled, control))
                .await();
    }

    @SuppressWarnings("unchecked")
    private static void checkResumedWithoutGaps(WebDriver driver) {
        int before = points(driver);
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> points(d) >= before + 4);
        List<Number> steps = (List<Number>) ((JavascriptExecutor) driver).executeScript(
                "return pw.mean.points.map(p => p[0]);");
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(100L * (i + 1), steps.get(i).longValue(), "expected contiguous steps after the restart, found " + steps);
        }
    }

    private static void checkStoppedCurveEnded(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long seed3 = ((Number) js.executeScript("const p = perSeed.loss.lines.get(3).points; return p[p.length - 1][0];")).longValue();
        long seed0 = ((Number) js.executeScript("const p = perSeed.loss.lines.get(0).points; return p[p.length - 1][0];")).longValue();
        assertTrue(seed0 >= seed3 + 400, "expected seed 3's curve to end at its stop, found last step " + seed3
                + " while seed 0 is at " + seed0);
    }

    private static void reportLatency(WebDriver driver) {
        @SuppressWarnings("unchecked")
        List<Number> ms = (List<Number>) ((JavascriptExecutor) driver).executeScript("return window.husaiLatencies;");
        double[] sorted = ms.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        assertTrue(sorted.length > 50, "expected > 100 latency samples, found " + sorted.length);
        double p50 = sorted[sorted.length / 2];
        double p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
        System.out.printf("latency published -> drawn, %d seeds, %d points: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                SEEDS, sorted.length, p50, p99, sorted[sorted.length - 1]);
        assertTrue(p99 < 250, "expected p99 latency < 250 ms, found " + p99);
    }
}
