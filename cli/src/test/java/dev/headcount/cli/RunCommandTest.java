package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.cli.remote.CannedReportService;
import dev.headcount.cli.remote.CannedReportService.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** run --report-url end to end against a canned report-service, and option errors before anything starts. */
class RunCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exitCode, String out, String err) {
    }

    /** run writes to System.out and System.err (progress goes to the terminal): both are captured. */
    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picocliErr = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = Headcount.commandLine();
            cli.setErr(new PrintWriter(picocliErr));
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8) + picocliErr);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    void submitsToARunningServiceFollowsItAndWritesTheReport(@TempDir Path dir) throws Exception {
        ObjectNode completed = (ObjectNode) JSON.readTree(CannedReportService.resource("experiment-running.json"));
        completed.put("status", "completed");
        try (CannedReportService service = new CannedReportService()) {
            service.on("POST", "/experiments", new Answer(202, "application/json",
                            "{\"experimentId\":\"exp-report\",\"status\":\"running\"}"))
                    .on("GET", "/experiments/exp-report", Answer.json(JSON.writeValueAsString(completed)))
                    .on("GET", "/experiments/exp-report/report?format=json",
                            Answer.json(CannedReportService.resource("report.json")))
                    .on("GET", "/experiments/exp-report/report?format=md",
                            new Answer(200, "text/markdown", CannedReportService.resource("report.md")));
            Path out = dir.resolve("run");
            Run run = run("run", "--preset", "quick", "--report-url", service.url(), "--out", out.toString(),
                    "--tasks", "glue/rte=data/RTE,builtin/spam", "--token", "remote-token-0123456789");
            assertEquals(0, run.exitCode(), run.err());
            service.received().forEach(r -> assertEquals("Bearer remote-token-0123456789", r.authorization(),
                    r.method() + " " + r.target()));
            assertTrue(!run.err().contains("remote-token") && !run.out().contains("remote-token"),
                    "a remote service's token is not printed");

            JsonNode submitted = JSON.readTree(service.received().get(0).body());
            assertEquals(Path.of("data/RTE").toAbsolutePath().normalize().toString(),
                    submitted.path("downstreamTasks").get(0).asText().substring("glue/rte=".length()));
            assertEquals("builtin:all-MiniLM-L6-v2", submitted.path("model").asText());

            assertTrue(run.err().contains("dashboard at " + service.url() + "/\n"), run.err());
            assertTrue(run.err().contains("experiment exp-report submitted: " + service.url()
                    + "/experiment.html?id=exp-report\n"), run.err());
            assertTrue(run.out().contains("\nFine-tuning"), run.out());
            assertTrue(run.out().endsWith("dashboard:   " + service.url() + "/experiment.html?id=exp-report\n"), run.out());
            assertEquals(CannedReportService.resource("report.md"), Files.readString(out.resolve("report.md")));
            assertEquals(CannedReportService.resource("report.json"), Files.readString(out.resolve("report.json")));
        }
    }

    @Test
    void theLocalStackGetsANewRandomTokenAndRootsForTheReportService() {
        String token = RunCommand.newToken();
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        assertTrue(!token.equals(RunCommand.newToken()), "a new token each run");
        java.util.Map<String, Object> request = new java.util.HashMap<>();
        request.put("model", "/models/my,bert");
        request.put("pretrainingTask", "text/t=file:/texts/a.txt?kind=mlm&dev=/texts/dev.txt");
        request.put("downstreamTasks", java.util.List.of("glue/rte=/data/RTE", "builtin/spam"));
        java.util.Map<String, String> env = RunCommand.reportServiceEnvironment(token, Path.of("/srv/artifacts"),
                request);
        assertEquals(token, env.get("HEADCOUNT_AUTH_TOKEN"));
        String cwd = Path.of("").toAbsolutePath().toString();
        if (System.getenv("HEADCOUNT_CONFINE_DATA_ROOTS") == null) {
            assertTrue(env.get("HEADCOUNT_CONFINE_DATA_ROOTS").endsWith("," + cwd + ",/texts/a.txt,/texts/dev.txt,"
                    + "/data/RTE"), env.toString());
        }
        if (System.getenv("HEADCOUNT_CONFINE_MODEL_ROOTS") == null) {
            assertTrue(env.get("HEADCOUNT_CONFINE_MODEL_ROOTS").endsWith("," + cwd + ",/srv/artifacts,/models/my\\,bert"),
                    env.toString());
        }
    }

    @Test
    void aRefusedRequestEndsWithTheServicesProblems(@TempDir Path dir) throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            service.on("POST", "/experiments", Answer.problem(400, "downstreamTasks[0]: unknown task builtin/spm"));
            Run run = run("run", "--report-url", service.url(), "--tasks", "builtin/spm", "--out", dir.toString());
            assertEquals(2, run.exitCode());
            assertTrue(run.err().endsWith("headcount: the report-service refused the experiment: "
                    + "downstreamTasks[0]: unknown task builtin/spm\n"), run.err());
        }
    }

    @Test
    void optionErrorsComeBeforeAnythingStarts(@TempDir Path dir) {
        Run run = run("run", "--kafka", "127.0.0.1:9092", "--out", dir.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertEquals("headcount: --kafka needs --mongo mongodb://HOST:PORT too (the services need both; leave both "
                + "out to start the local stack)\n", run.err());
        assertTrue(!Files.exists(dir.resolve("x")));

        Run missing = run("run", "--pretrain-text", dir.resolve("none.txt").toString(), "--report-url",
                "http://127.0.0.1:1", "--out", dir.resolve("y").toString());
        assertEquals(2, missing.exitCode());
        assertEquals("headcount: --pretrain-text: no such file or folder " + dir.resolve("none.txt") + "\n",
                missing.err());

        Run restarts = run("run", "--max-restarts", "-1", "--out", dir.resolve("z").toString());
        assertEquals(2, restarts.exitCode());
        assertEquals("headcount: --max-restarts must be 0 or more, was -1\n", restarts.err());
        assertTrue(!Files.exists(dir.resolve("z")));
    }
}
