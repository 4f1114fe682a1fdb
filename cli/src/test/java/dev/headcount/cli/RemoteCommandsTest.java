package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.cli.remote.CannedReportService;
import dev.headcount.cli.remote.CannedReportService.Answer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** status, results and report against a canned report-service, through the real command line. */
class RemoteCommandsTest {

    private record Run(int exitCode, String out, String err) {
    }

    private CannedReportService service;

    @BeforeEach
    void start() throws Exception {
        service = new CannedReportService()
                .on("GET", "/experiments", Answer.json(CannedReportService.resource("experiments.json")))
                .on("GET", "/experiments/exp-report", Answer.json(CannedReportService.resource("experiment-running.json")))
                .on("GET", "/experiments/nope", Answer.problem(404, "no experiment 'nope'"))
                .on("GET", "/experiments/exp-report/report?format=json",
                        Answer.json(CannedReportService.resource("report.json")))
                .on("GET", "/experiments/exp-report/report?format=md",
                        new Answer(200, "text/markdown;charset=UTF-8", CannedReportService.resource("report.md")));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Headcount.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A table row's cells: separated by two spaces or more. */
    private static List<String> cells(String line) {
        return List.of(line.strip().split(" {2,}"));
    }

    @Test
    void statusListsExperiments() {
        Run run = run("status", "--url", service.url());
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(List.of("experiment", "model", "status", "done", "progress", "requested"), cells(lines[0]));
        assertEquals(List.of("exp-report", "builtin:all-MiniLM-L6-v2", "running", "52 %",
                "maps 1/2, evaluations 12/24, fine-tunes 1/2, pruned models 1/1", "2025-05-01T09:30:00Z"),
                cells(lines[1]));
        assertEquals(List.of("bert-base-uncased-20250430-0812", "builtin:bert-base-uncased", "completed", "100 %",
                "maps 3/3, evaluations 90/90, fine-tunes 6/6, pruned models 2/2", "2025-04-30T08:12:00Z"),
                cells(lines[2]));
        // columns line up
        assertEquals(lines[0].indexOf("model"), lines[2].indexOf("builtin:"));
        assertEquals(3, lines.length);
    }

    @Test
    void statusOfOneExperimentShowsStagesLatestProgressAndTheDashboardPage() {
        Run run = run("status", "exp-report", "--url", service.url());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("experiment exp-report: running, 54.0 %\n"
                + "model builtin:all-MiniLM-L6-v2; pre-training builtin/sotu; downstream builtin/spam\n"
                + "requested 2025-05-01T09:30:00Z\n\n"
                + "fine-tuning        ####################       1/1 100.0 %  done\n"
                + "importance maps    ############........       1/2  62.5 %  in progress\n"), run.out());
        assertTrue(run.out().contains("\nlatest progress\n  importance maps: scoring builtin/spam on "
                + "finetuned/builtin/spam\n"), run.out());
        assertTrue(run.out().contains("  pruned fine-tuning pruned-then-finetuned/task:builtin/sotu/0.5/builtin/spam:"
                + " step 40/100, epoch 1, loss 0.6931, 25.3 ex/s\n"), run.out());
        assertTrue(run.out().contains("\nwaiting for (first 3)\n  importance map of builtin/spam on "
                + "finetuned/builtin/spam\n"), run.out());
        assertTrue(run.out().endsWith("dashboard: " + service.url() + "/experiment.html?id=exp-report\n"), run.out());
    }

    @Test
    void anUnknownExperimentIsTheServicesMessage() {
        Run run = run("status", "nope", "--url", service.url());
        assertEquals(2, run.exitCode());
        assertEquals("headcount: no experiment 'nope'\n", run.err());
    }

    @Test
    void nothingListeningSaysHowToStartOne() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run("results", "exp-report", "--url", "http://127.0.0.1:" + port);
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("headcount: no report-service at http://127.0.0.1:" + port
                + " (start one with ./headcount run --keep-running"), run.err());
    }

    @Test
    void resultsPrintsTheKeyTables() {
        Run run = run("results", "exp-report", "--url", service.url());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\nCoherence of head importance"), run.out());
        assertTrue(run.out().contains("builtin/sotu  builtin/spam     0.459  [0.101, 0.752]    0.720    0.412     0.500"
                + "   0.164\n"), run.out());
        assertTrue(run.out().contains("\nFine-tuning"), run.out());
        assertTrue(run.out().contains("builtin/spam  accuracy    50 %       0.900               0.855"), run.out());
    }

    @Test
    void reportPrintsMarkdownByDefaultAndSavesJson(@TempDir Path dir) throws Exception {
        Run md = run("report", "exp-report", "--url", service.url());
        assertEquals(0, md.exitCode(), md.err());
        assertEquals(CannedReportService.resource("report.md"), md.out());

        Path file = dir.resolve("sub/report.json");
        Run json = run("report", "exp-report", "--format", "json", "--out", file.toString(), "--url", service.url());
        assertEquals(0, json.exitCode(), json.err());
        assertEquals(CannedReportService.resource("report.json"), Files.readString(file));
        assertEquals("headcount: wrote " + file + "\n", json.err());
        assertEquals("", json.out());
    }

    @Test
    void aBadFormatNamesTheOption() {
        Run run = run("report", "exp-report", "--format", "pdf", "--url", service.url());
        assertEquals(2, run.exitCode());
        assertEquals("headcount: --format must be md or json, was 'pdf'\n", run.err());
    }

    @Test
    void theUrlDefaultsToTheLocalService() {
        CommandLine cli = new CommandLine(new StatusCommand());
        cli.parseArgs();
        StatusCommand status = cli.getCommand();
        // HEADCOUNT_URL overrides it where set (not in this test's environment, normally)
        String expected = System.getenv("HEADCOUNT_URL") == null ? "http://127.0.0.1:8080" : System.getenv("HEADCOUNT_URL");
        assertEquals(expected, status.service.url);
    }
}
