package dev.husai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.stream.replay.Recording;
import dev.husai.web.replay.RecordingFixture;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The replay page in headless Chromium: start a recording at 1x, pause, resume at max, seek back, open the group. */
class ReplayBrowserTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void replayPlaysPausesRunsAtMaxAndSeeksBack() throws Exception {
        Chromium.assumeAvailable();
        Recording.write(dir.resolve("run.husairec"), RecordingFixture.entries("topk-x2", 3, 30)); // 3 s at 1x
        Vertx vertx = Vertx.vertx();
        WebDriver driver = null;
        try {
            WebServer server = new WebServer(WebServerOptions.defaults().withPort(0).withRecordingsDir(dir.toString()),
                    new MetricStore(), m -> { });
            vertx.deployVerticle(server).await();
            driver = Chromium.start();
            driver.get(server.url().replace("/#", "/replay.html#"));
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            wait.until(d -> !d.findElements(By.cssSelector("button[data-recording='run.husairec']")).isEmpty());
            new Select(driver.findElement(By.cssSelector("#recordings select"))).selectByValue("1");
            driver.findElement(By.cssSelector("button[data-recording='run.husairec']")).click();
            wait.until(d -> cell(d, 2).equals("playing"));
            driver.findElement(By.cssSelector("button[data-action='toggle']")).click();
            wait.until(d -> cell(d, 2).equals("paused"));
            String pausedAt = cell(driver, 3);
            Thread.sleep(1200);
            assertEquals(pausedAt, cell(driver, 3), "expected a paused replay to stay at its step");
            assertTrue(Long.parseLong(pausedAt.split(" / ")[0]) < 300, "paused before the end: " + pausedAt);
            driver.findElement(By.cssSelector("button[data-action='toggle']")).click();
            new Select(driver.findElement(By.cssSelector("select[data-action='speed']"))).selectByValue("max");
            wait.until(d -> cell(d, 2).equals("done") && cell(d, 3).equals("300 / 300"));
            driver.findElement(By.cssSelector("input[data-action='step']")).sendKeys("100");
            driver.findElement(By.cssSelector("button[data-action='seek']")).click();
            wait.until(d -> BrowserTest.texts(d, "#replays tbody td a").equals(List.of("topk-x2@replay-1.2")));
            assertEquals("100 / 300", cell(driver, 3));
            Chromium.screenshot(driver, Path.of("target", "screenshots", "replay.png"));
            driver.findElement(By.linkText("topk-x2@replay-1.2")).click();
            wait.until(d -> "10".equals(d.findElement(By.tagName("body")).getDomAttribute("data-points")));
            assertEquals("topk-x2@replay-1.2", driver.findElement(By.id("title")).getText());
        } finally {
            if (driver != null) {
                driver.quit();
            }
            vertx.close().await();
        }
    }

    private static String cell(WebDriver d, int column) {
        List<String> cells = BrowserTest.texts(d, "#replays tbody tr:first-child td");
        return cells.size() > column ? cells.get(column) : "";
    }
}
