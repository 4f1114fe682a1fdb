package dev.headcount.report.access;

import dev.headcount.events.ExperimentRequest;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token check, the start-up rule and the confinement's reading of a request, without a service. */
class AccessRulesTest {
    private static final FuzzRoots ROOTS = FuzzRoots.create();

    @Test
    void theTokenIsComparedWhole() {
        BearerToken token = BearerToken.of(Optional.of(" secret-token-0123456789 ")).orElseThrow();
        assertTrue(token.acceptsHeader("Bearer secret-token-0123456789"));
        assertTrue(token.acceptsHeader("bearer secret-token-0123456789"), "the scheme is case-insensitive");
        assertFalse(token.acceptsHeader("Bearer secret-token-012345678"));
        assertFalse(token.acceptsHeader("Bearer secret-token-0123456789x"));
        assertFalse(token.acceptsHeader("Basic secret-token-0123456789"));
        assertFalse(token.acceptsHeader("Bearer"));
        assertFalse(token.accepts(null));
        assertTrue(BearerToken.of(Optional.of("  ")).isEmpty(), "a blank token is none");
    }

    @Test
    void reachableFromOtherHostsNeedsAToken() {
        assertEquals(Optional.empty(), Binding.problem("127.0.0.1", Optional.empty()));
        assertEquals(Optional.empty(), Binding.problem("localhost", Optional.empty()));
        assertEquals(Optional.empty(), Binding.problem("::1", Optional.empty()));
        String problem = Binding.problem("0.0.0.0", Optional.empty()).orElseThrow();
        assertTrue(problem.startsWith("the report-service binds 0.0.0.0 (quarkus.http.host), reachable from other "
                + "hosts, but no token is configured: set HEADCOUNT_AUTH_TOKEN"), problem);
        assertTrue(Binding.problem("0.0.0.0", Optional.of(" ")).isPresent(), "blank is none");
        assertEquals(Optional.empty(), Binding.problem("0.0.0.0", Optional.of("secret-token-0123456789")));
        assertEquals("headcount.auth.token (HEADCOUNT_AUTH_TOKEN) must be at least 16 characters, was 5",
                Binding.problem("127.0.0.1", Optional.of("short")).orElseThrow());
    }

    @Test
    void namesAreNotFilesAndEveryFileOfARequestIsChecked() {
        Confinement confinement = ROOTS.confinement();
        assertEquals(List.of(), confinement.check(ExperimentRequest.of("builtin:all-MiniLM-L6-v2", "builtin/sotu",
                "builtin/spam", "glue/cola", "my/pairs=builtin/sotu?kind=contrastive", "hf/x=hf-dataset:org/set",
                "my/text=file:" + ROOTS.corpus() + "?kind=mlm&dev=" + ROOTS.corpus())));
        assertEquals(List.of(), confinement.check(ExperimentRequest.of("hf:org/model@main", "builtin/sotu",
                "builtin/spam")));
        assertEquals(List.of(), confinement.check(ExperimentRequest.of(ROOTS.model().toString(), "builtin/sotu",
                "builtin/spam")));
        List<String> problems = confinement.check(ExperimentRequest.of("relative/model", "my/p=glue/rte=/etc",
                "glue/rte=" + ROOTS.escape(), "my/t=file:" + ROOTS.corpus() + "?dev=" + ROOTS.outside()));
        assertEquals(4, problems.size(), problems.toString());
        assertEquals("model: model directory 'relative/model' must be absolute (the services run in another "
                + "directory; ./headcount makes paths absolute)", problems.get(0));
        assertTrue(problems.get(1).startsWith("pretrainingTask: data path '/etc' is outside the allowed roots"),
                problems.get(1));
        assertTrue(problems.get(2).startsWith("downstreamTasks[0]: data path '" + ROOTS.escape()
                + "' leads outside the allowed roots"), problems.get(2));
        assertTrue(problems.get(3).startsWith("downstreamTasks[1]: data path '" + ROOTS.outside() + "' is outside"),
                problems.get(3));
    }
}
