package dev.husai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** /api/sweep over a sweep directory, and the sweep page's heatmaps in headless Chromium. */
class SweepPageTest {
    static final String XSS = "<img src=x onerror=alert(1)>";

    @TempDir
    Path dir;

    @Test
    void servesSummariesReportsBadOnesAndDrawsHeatmaps() throws Exception {
        Chromium.assumeAvailable();
        summary("g1", "g1", "TOPK", 4, 8, 0.35, 0.30);
        summary("g2", "g2", "TOPK", 8, 8, 0.40, 0.30);
        Path g1 = dir.resolve("g1/summary.json");
        JsonObject withVerdict = new JsonObject(Files.readString(g1));
        withVerdict.getJsonObject("result").put("convergence", new JsonObject().put("converged", false).put("lastStep", 600)
                .put("capSteps", 600).put("steepestSlope", 0.08).put("steepestSeries", "shared").put("maxSlopePer1k", 0.02));
        Files.writeString(g1, withVerdict.encodePrettily());
        Path g2 = dir.resolve("g2/summary.json");
        Files.writeString(g2, Files.readString(g2).replace("\"expansion\"", "\"dSae\" : 1024, \"expansion\""));
        summary("xss", XSS, "TOPK", 4, 16, 0.31, 0.30);
        Files.createDirectories(dir.resolve("broken"));
        Files.writeString(dir.resolve("broken/summary.json"), "{not json");
        Vertx vertx = Vertx.vertx();
        WebServer server = new WebServer(WebServerOptions.defaults().withPort(0), new MetricStore(), m -> { },
                SweepResults.of(dir));
        vertx.deployVerticle(server).await();
        String base = "http://127.0.0.1:" + server.actualPort();
        WebDriver driver = Chromium.start();
        try {
            JsonObject api = new JsonObject(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/sweep"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(3, api.getJsonArray("groups").size());
            assertEquals(1, api.getJsonArray("errors").size());
            assertTrue(api.getJsonArray("errors").getString(0).startsWith("broken/summary.json: expected a HUSAI group summary"),
                    api.encode());

            driver.get(base + "/sweep.html");
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("table.heatmap td")).isEmpty());
            List<WebElement> cells = driver.findElements(By.cssSelector("table.heatmap td"));
            assertEquals(List.of("0.050*", "0.010", "0.100", "–"), cells.stream().map(WebElement::getText).toList(),
                    "rows 4x, 8x; columns k=8, k=16; excess = PW-MCC - baseline; * = not converged");
            assertTrue(cells.get(0).getAttribute("class").contains("unconverged"));
            assertTrue(cells.get(0).getAttribute("title").endsWith("not converged: shared still moves 0.080 per 1k steps (rule: <= 0.02)"),
                    cells.get(0).getAttribute("title"));
            assertTrue(cells.get(2).getAttribute("title").endsWith("convergence not recorded"));
            assertEquals("* 1 of 3 groups had not converged (stability still moving over the last quarter of their snapshots): "
                    + "their numbers may change with more training. 2 summaries predate convergence verdicts (husai sweep "
                    + "FILE --resummarize adds them).", driver.findElement(By.id("convergence")).getText());
            assertTrue(cells.get(1).getAttribute("title").startsWith(XSS), "the group name is data, shown as text");
            assertEquals(List.of("topk (d_sae \\ k)", "8", "16", "x4", "1024 (x8)"),
                    driver.findElements(By.cssSelector("table.heatmap th")).stream().map(WebElement::getText).toList(), "rows by width: d_sae (expansion), only x4 for an old summary");
            assertTrue(driver.findElements(By.cssSelector("main img")).isEmpty(), "no element injected");
            new Select(driver.findElement(By.id("measure"))).selectByValue("fourier");
            assertEquals("0.400*", driver.findElements(By.cssSelector("table.heatmap td")).get(0).getText());
            assertTrue(driver.findElement(By.id("errors")).getText().startsWith("broken/summary.json: expected"));
            Chromium.screenshot(driver, Path.of("target", "screenshots", "sweep.png"));
        } finally {
            driver.quit();
            vertx.close().await();
        }
    }

    private void summary(String dirName, String name, String arch, int expansion, double k, double pw, double baseline) throws Exception {
        JsonObject summary = new JsonObject().put("pwMcc", new JsonObject().put("mean", pw)).put("baselinePwMcc", baseline)
                .put("shared", new JsonObject().put("mean", 0.0)).put("baselineShared", 0.0).put("initShared", 0.0);
        JsonObject result = new JsonObject().put("group", name).put("arch", arch).put("expansion", expansion).put("sparsity", k)
                .put("seeds", 5).put("raw", summary).put("span", summary.copy()).put("fourierRecovered", 0.4)
                .put("quality", new JsonObject().put("fvu", 0.01).put("l0", k)).put("curve", new JsonArray());
        Path g = Files.createDirectories(dir.resolve(dirName));
        Files.writeString(g.resolve("summary.json"), new JsonObject().put("formatVersion", 1).put("wallSeconds", 3.0)
                .put("result", result).encodePrettily());
    }
}
