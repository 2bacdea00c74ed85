package dev.husai.web;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium through /usr/bin/chromedriver, with the flags DESIGN.md lists, for UI tests. */
public final class Chromium {
    public static final String BINARY = "/usr/bin/chromium";
    public static final String DRIVER = "/usr/bin/chromedriver";

    private Chromium() {
    }

    /** Skips the calling test with a clear message when Chromium or chromedriver is missing (.ci/run installs both). */
    public static void assumeAvailable() {
        org.junit.jupiter.api.Assumptions.assumeTrue(new File(BINARY).canExecute() && new File(DRIVER).canExecute(),
                "expected " + BINARY + " and " + DRIVER + " (apt-get install chromium chromium-driver)");
    }

    /** A fresh headless browser with its own temporary profile. */
    public static WebDriver start() throws Exception {
        Path profile = Files.createTempDirectory("husai-chromium-");
        ChromeOptions o = new ChromeOptions().setBinary(BINARY).addArguments("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1400,1300");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    /** Saves a PNG of the page. */
    public static void screenshot(WebDriver driver, Path out) throws Exception {
        Files.createDirectories(out.getParent());
        Files.write(out, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        System.out.println("screenshot: " + out.toAbsolutePath());
    }
}
