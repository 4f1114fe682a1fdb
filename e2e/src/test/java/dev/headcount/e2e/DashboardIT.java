package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the whole running system: open the list, submit the tiny
 * experiment through the form, follow it on its page (a results bar advances while it runs), and once it has
 * completed find the heatmaps (one cell per head), the pruning curves, the training-loss curve and a working
 * download link in the DOM; back on the list, its row is complete. Screenshots and the time each step took go
 * to {@code e2e/target/screenshots/}.
 */
@ExtendWith(SharedSystem.class)
class DashboardIT {
    private static final Duration PAGE = Duration.ofSeconds(30);
    private static final Duration RUN = Duration.ofMinutes(12);
    private static final int VIEWPORT = 0;
    private static final int WHOLE_PAGE = -1;

    @BeforeAll
    static void browserInstalled() {
        Chromium.requireInstalled();
    }

    @Test
    void anExperimentSubmittedOnTheDashboardIsFollowedLiveToItsFigures(RunningSystem system) throws Exception {
        String experiment = "e2e-dashboard-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT));
        Path target = system.repository().resolve("e2e/target");
        Path shots = Files.createDirectories(target.resolve("screenshots"));
        Path profile = Files.createTempDirectory("headcount-chromium");
        List<String> timings = new ArrayList<>();
        long started = System.nanoTime();
        ChromeDriver driver = Chromium.start(profile, target.resolve("chromedriver.log"));
        try {
            // the list, and the form pre-filled with the tiny preset (the request the other end-to-end test sends)
            driver.get(system.report().resolve("/").toString());
            WebDriverWait page = new WebDriverWait(driver, PAGE);
            page.until(ExpectedConditions.visibilityOfElementLocated(By.id("submit-form")));
            page.until(d -> "live".equals(d.findElement(By.id("connection")).getText()));
            assertEquals(request(TinyExperiments.request()), request(textarea(driver)),
                    "the tiny preset is the end-to-end test's experiment");
            driver.findElement(By.id("experimentId")).sendKeys(experiment);
            assertTrue(textarea(driver).contains("\"experimentId\": \"" + experiment + "\""), textarea(driver));
            screenshot(driver, shots.resolve("01-index.png"), VIEWPORT);

            driver.findElement(By.id("submit")).click();
            page.until(ExpectedConditions.urlContains("experiment.html?id=" + experiment));
            page.until(d -> "live".equals(d.findElement(By.id("connection")).getText()));
            page.until(d -> d.findElement(By.id("experiment-id")).getText().equals(experiment));
            timings.add(lap("submitted and on its page", started));
            // the id comes from the URL at once, the status from the first answer of the API: wait for that
            page.until(d -> List.of("running", "completed", "failed").contains(status(d)));
            String first = status(driver);
            assertTrue(first.equals("running") || first.equals("completed"), first);

            // progress advances: some results bar grows while the experiment runs
            double before = barTotal(driver);
            new WebDriverWait(driver, RUN).pollingEvery(Duration.ofMillis(250)).until(d -> barTotal(d) > before);
            timings.add(lap("a results bar advanced (" + before + " → " + barTotal(driver) + ")", started));
            screenshot(driver, shots.resolve("02-running.png"), VIEWPORT);

            new WebDriverWait(driver, RUN).pollingEvery(Duration.ofSeconds(1))
                    .until(d -> !status(d).equals("running"));
            timings.add(lap("status " + status(driver), started));
            if (!status(driver).equals("completed")) {
                fail("the experiment ended " + status(driver) + ": " + driver.findElement(By.id("failure")).getText()
                        + system.logTails());
            }

            // the final figures: one heatmap per importance map, a cell per head
            JsonNode maps = system.experiment(experiment).get("results").get("importance");
            int cells = maps.get(0).get("layers").asInt() * maps.get(0).get("heads").asInt();
            new WebDriverWait(driver, PAGE).until(d -> count(d, "figure[data-placement='importance']") == maps.size()
                    && count(d, "figure[data-placement='importance'] svg rect.cell") == maps.size() * cells);
            for (WebElement heatmap : driver.findElements(By.cssSelector("figure[data-placement='importance']"))) {
                assertEquals(cells, heatmap.findElements(By.cssSelector("svg rect.cell")).size(),
                        heatmap.getDomAttribute("data-name"));
            }
            new WebDriverWait(driver, PAGE).until(d ->
                    count(d, "figure[data-placement='pruning-curve'] svg polyline.curve") > 0);
            // the page reloads its figure list on completion and fetches each drawing in turn (the heatmaps and the
            // first curve may be there from before): wait for these too rather than look once
            new WebDriverWait(driver, PAGE).withMessage("the layer-mass figure")
                    .until(d -> count(d, "figure[data-placement='layer-mass'] svg") == 1);
            new WebDriverWait(driver, PAGE).withMessage("the coherence matrix")
                    .until(d -> count(d, "figure[data-name='coherence'] svg") == 1);
            // the findings card: the summary (three paragraphs, a fourth first if a model did not learn) and one
            // learning row per fine-tuned model
            int fineTunes = system.experiment(experiment).get("results").get("fineTunes").size();
            new WebDriverWait(driver, PAGE).until(d -> count(d, "#summary p") >= 3
                    && count(d, "#learning tbody tr") == fineTunes);
            assertTrue(count(driver, "#loss-chart svg polyline.loss") > 0, "a training-loss curve");
            for (String kind : List.of("importanceMaps", "fineTunes", "prunedModels", "evaluations")) {
                WebElement bar = driver.findElement(By.id("bar-" + kind));
                assertEquals(bar.getDomProperty("max"), bar.getDomProperty("value"), kind + " bar full");
            }
            timings.add(lap("figures in the DOM", started));

            // a download link that works
            new WebDriverWait(driver, PAGE).until(d -> count(d, "a.download[data-path='report.md']") == 1);
            WebElement link = driver.findElement(By.cssSelector("a.download[data-path='report.md']"));
            assertEquals("report.md", link.getDomAttribute("download"));
            HttpResponse<String> report = system.http().send(HttpRequest.newBuilder(URI.create(
                    link.getDomProperty("href"))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, report.statusCode());
            assertTrue(report.body().startsWith("# Experiment " + experiment), report.body());
            screenshot(driver, shots.resolve("03-completed.png"), 1850); // summary, bars, loss and the heatmaps
            screenshot(driver, shots.resolve("04-completed-page.png"), WHOLE_PAGE);

            // back on the list, the experiment's row says so
            driver.get(system.report().resolve("/").toString());
            String row = "tr.experiment[data-id='" + experiment + "']";
            page.until(d -> count(d, row) == 1
                    && d.findElement(By.cssSelector(row + " .status")).getText().equalsIgnoreCase("completed"));
            WebElement overall = driver.findElement(By.cssSelector(row + " progress.overall"));
            assertEquals(overall.getDomProperty("max"), overall.getDomProperty("value"), "every result in");
            screenshot(driver, shots.resolve("05-index-after.png"), VIEWPORT);
        } catch (Throwable e) {
            try {
                screenshot(driver, shots.resolve("failure.png"), WHOLE_PAGE);
                Files.writeString(shots.resolve("failure.html"), driver.getPageSource());
            } catch (RuntimeException | IOException ignored) {
                // the failure itself matters more
            }
            throw e;
        } finally {
            driver.quit();
            deleteQuietly(profile);
            Files.write(shots.resolve("timings.txt"), timings);
            timings.forEach(t -> System.out.println("[DashboardIT] " + t));
        }
    }

    private static ExperimentRequest request(Object json) throws IOException {
        JsonNode tree = json instanceof String text ? EventJson.mapper().readTree(text)
                : EventJson.mapper().valueToTree(json);
        ((ObjectNode) tree).remove("experimentId");
        return EventJson.mapper().treeToValue(tree, ExperimentRequest.class);
    }

    private static String textarea(WebDriver driver) {
        return driver.findElement(By.id("request-json")).getDomProperty("value");
    }

    private static String status(WebDriver driver) {
        String status = driver.findElement(By.tagName("body")).getDomAttribute("data-status");
        return status == null ? "" : status;
    }

    /** The sum of the values of the four results bars. */
    private static double barTotal(WebDriver driver) {
        Object sum = ((ChromeDriver) driver).executeScript("return Array.from(document.querySelectorAll("
                + "'#counts progress.bar')).reduce((s, bar) => s + bar.value, 0);");
        return ((Number) sum).doubleValue();
    }

    private static long count(WebDriver driver, String selector) {
        Object n = ((ChromeDriver) driver).executeScript("return document.querySelectorAll(arguments[0]).length;",
                selector);
        return ((Number) n).longValue();
    }

    /**
     * A screenshot of the top of the page, {@code height} pixels high ({@link #VIEWPORT}: the window as it is;
     * {@link #WHOLE_PAGE}: all of it): the window is resized for it, then restored.
     */
    private static void screenshot(ChromeDriver driver, Path file, int height) throws IOException {
        Dimension size = driver.manage().window().getSize();
        if (height != VIEWPORT) {
            long page = ((Number) driver.executeScript("return document.documentElement.scrollHeight;")).longValue();
            int wanted = height == WHOLE_PAGE ? (int) Math.min(page + 120, 8000) : height;
            driver.manage().window().setSize(new Dimension(size.getWidth(), wanted));
        }
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.move(shot, file, StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(size);
    }

    private static String lap(String what, long started) {
        return String.format(Locale.ROOT, "%6.1f s  %s", (System.nanoTime() - started) / 1e9, what);
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind
        }
    }
}
