package dev.headcount.cli.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.cli.remote.CannedReportService.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared HTTP client against a canned report-service: paths, bodies, and errors as the terminal shows them. */
class ReportServiceClientTest {

    @Test
    void submitsTheRequestAsJsonAndReturnsTheId() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            service.on("POST", "/experiments", new Answer(202, "application/json",
                    "{\"experimentId\":\"exp-1\",\"status\":\"running\",\"expected\":{\"importanceMaps\":2,"
                            + "\"evaluations\":24,\"fineTunes\":2,\"prunedModels\":1},\"links\":{}}"));
            ReportServiceClient client = ReportServiceClient.of(service.url() + "/", "--url");
            assertEquals("exp-1", client.submit(Map.of("model", "builtin:all-MiniLM-L6-v2")));
            JsonNode sent = new ObjectMapper().readTree(service.received().get(0).body());
            assertEquals("builtin:all-MiniLM-L6-v2", sent.path("model").asText());
        }
    }

    @Test
    void aTokenIsSentOnEveryCallAndOnlyInTheDashboardFragment() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            service.on("POST", "/experiments", new Answer(202, "application/json", "{\"experimentId\":\"exp-1\"}"));
            service.on("GET", "/experiments", Answer.json("[]"));
            ReportServiceClient client = ReportServiceClient.of(service.url(), "--url", "tok-en+/=");
            client.submit(Map.of("model", "builtin:all-MiniLM-L6-v2"));
            client.experiments();
            assertEquals("Bearer tok-en+/=", service.received().get(0).authorization());
            assertEquals("Bearer tok-en+/=", service.received().get(1).authorization());
            assertEquals(service.url() + "/#token=tok-en%2B%2F%3D", client.dashboardUrlWithToken());
            assertEquals(service.url() + "/", client.dashboardUrl());
            ReportServiceClient without = ReportServiceClient.of(service.url(), "--url");
            without.experiments();
            assertEquals(null, service.received().get(2).authorization());
            assertEquals(service.url() + "/", without.dashboardUrlWithToken());
        }
    }

    @Test
    void a401SaysHowToGiveTheToken() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            service.on("POST", "/experiments", Answer.problem(401, "writing needs the service's token"));
            ReportServiceException e = assertThrows(ReportServiceException.class,
                    () -> ReportServiceClient.of(service.url(), "--url").submit(Map.of()));
            assertEquals("the report-service refused the experiment: writing needs the service's token (give the "
                    + "service's token with --token or HEADCOUNT_AUTH_TOKEN)", e.getMessage());
        }
    }

    @Test
    void aRefusedRequestListsTheServicesProblems() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            service.on("POST", "/experiments", new Answer(400, "application/json",
                    "{\"problems\":[\"model is required\",\"downstreamTasks must name at least one task\"]}"));
            ReportServiceException e = assertThrows(ReportServiceException.class,
                    () -> ReportServiceClient.of(service.url(), "--url").submit(Map.of()));
            assertEquals("the report-service refused the experiment: model is required; downstreamTasks must name "
                    + "at least one task", e.getMessage());
            assertEquals(400, e.status());
        }
    }

    @Test
    void notFoundIsTheServicesProblemMessage() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            service.on("GET", "/experiments/nope", Answer.problem(404, "no experiment 'nope'"));
            ReportServiceException e = assertThrows(ReportServiceException.class,
                    () -> ReportServiceClient.of(service.url(), "--url").experiment("nope"));
            assertEquals("no experiment 'nope'", e.getMessage());
            assertEquals(404, e.status());
        }
    }

    @Test
    void anErrorWithoutProblemsShowsStatusAndBody() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            service.on("GET", "/experiments", new Answer(502, "text/plain", "Bad Gateway"));
            ReportServiceException e = assertThrows(ReportServiceException.class,
                    () -> ReportServiceClient.of(service.url(), "--url").experiments());
            assertEquals("HTTP 502 from " + service.url() + "/experiments: Bad Gateway", e.getMessage());
        }
    }

    @Test
    void nothingListeningSaysHowToStartAService() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ReportServiceClient client = ReportServiceClient.of("http://127.0.0.1:" + port, "--url");
        ReportServiceException e = assertThrows(ReportServiceException.class, client::experiments);
        assertTrue(e.unreachable());
        assertTrue(e.getMessage().startsWith("no report-service at http://127.0.0.1:" + port
                + " (start one with ./headcount run --keep-running"), e.getMessage());
    }

    @Test
    void reportsAreAskedForInTheChosenFormat() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            service.on("GET", "/experiments/exp-report/report?format=md",
                    new Answer(200, "text/markdown;charset=UTF-8", CannedReportService.resource("report.md")));
            service.on("GET", "/experiments/exp-report/report?format=json",
                    Answer.json(CannedReportService.resource("report.json")));
            ReportServiceClient client = ReportServiceClient.of(service.url(), "--url");
            assertTrue(client.report("exp-report", ReportFormat.MD).startsWith("# Experiment exp-report"));
            assertEquals("completed", client.reportJson("exp-report").path("status").asText());
            assertEquals("text/markdown", service.received().get(0).accept());
        }
    }

    @Test
    void idsAreOnePathSegment() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            service.on("GET", "/experiments/a%2Fb%20c", Answer.json("{\"experimentId\":\"a/b c\"}"));
            assertEquals("a/b c", ReportServiceClient.of(service.url(), "--url").experiment("a/b c")
                    .path("experimentId").asText());
        }
    }

    @Test
    void urlsAreCheckedAndKeepAPathPrefix() {
        assertEquals("https://lab.example/headcount", ReportServiceClient.checkedBase("https://lab.example/headcount/",
                "--report-url"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportServiceClient.of("127.0.0.1:8080", "--report-url"));
        assertEquals("--report-url must be an http:// or https:// URL such as http://127.0.0.1:8080, was "
                + "'127.0.0.1:8080'", e.getMessage());
        ReportServiceClient client = ReportServiceClient.of("http://127.0.0.1:8080", "--url");
        assertEquals("http://127.0.0.1:8080/", client.dashboardUrl());
        assertEquals("http://127.0.0.1:8080/experiment.html?id=exp-1", client.experimentPage("exp-1"));
    }

    @Test
    void answersThatAreNotJsonAreNamed() throws IOException {
        try (CannedReportService service = new CannedReportService()) {
            service.on("GET", "/experiments", new Answer(200, "text/html", "<html>login</html>"));
            ReportServiceException e = assertThrows(ReportServiceException.class,
                    () -> ReportServiceClient.of(service.url(), "--url").experiments());
            assertTrue(e.getMessage().startsWith("the report-service answered " + service.url()
                    + "/experiments with something that is not JSON"), e.getMessage());
        }
    }
}
