package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's headless Chromium (Debian {@code chromium}) driven through the system's chromedriver
 * ({@code chromium-driver}). Both paths are given to Selenium, so Selenium Manager never looks for (or
 * downloads) a browser or driver; {@code HEADCOUNT_CHROMIUM} and {@code HEADCOUNT_CHROMEDRIVER} override them.
 */
final class Chromium {
    static final Path BINARY = Path.of(System.getenv().getOrDefault("HEADCOUNT_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("HEADCOUNT_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Skips the calling test when the browser or its driver is missing; under CI (variable {@code CI} set) fails. */
    static void requireInstalled() {
        List<String> missing = new ArrayList<>();
        for (Path path : List.of(BINARY, DRIVER)) {
            if (!Files.isExecutable(path)) {
                missing.add(path.toString());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the dashboard's browser test needs Chromium and its driver, but " + String.join(" and ", missing)
                + " is missing (Debian: apt-get install -y --no-install-recommends chromium chromium-driver)";
        if (System.getenv("CI") != null) {
            fail(message + "; CI is set, so this is a failure, not a skip");
        }
        Assumptions.abort(message + "; skipped (set CI to make this a failure)");
    }

    /**
     * A fresh headless browser with its own profile directory (no first-run, sync, component updates or
     * background networking: nothing but the pages it is sent to).
     */
    static ChromeDriver start(Path profile, Path driverLog) {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(driverLog.toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1400,1000");
        return new ChromeDriver(service, options);
    }
}
