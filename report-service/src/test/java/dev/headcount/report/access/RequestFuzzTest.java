package dev.headcount.report.access;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.report.ExperimentIds;
import dev.headcount.report.ExperimentService;
import dev.headcount.report.aggregation.Completion;
import dev.headcount.report.api.RequestBody;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request parser and this deployment's rules under thousands of generated bodies: every body is either accepted
 * (and then everything the API does with an accepted request before storing it works) or refused with messages;
 * nothing throws. The counts per kind are printed for the README's table. The bodies come from fixed seeds
 * ({@link SeededTries}): a failure prints its seed and body.
 */
@Tag("fuzz")
class RequestFuzzTest {
    static final int TRIES = 12_000;
    private static final FuzzRoots ROOTS = FuzzRoots.create();
    private static final FuzzBodies BODIES = new FuzzBodies(ROOTS.corpus(), ROOTS.model(), ROOTS.badPaths());
    private static final RequestRules RULES = new RequestRules(ROOTS.confinement(), 16, 32, 20);
    /** Kinds that can never be a valid request (the others may, by chance, stay valid after a mutation). */
    private static final Set<FuzzBodies.Kind> ALWAYS_REFUSED = EnumSet.of(FuzzBodies.Kind.NOT_AN_OBJECT,
            FuzzBodies.Kind.MISSING_FIELD, FuzzBodies.Kind.BAD_FRACTION, FuzzBodies.Kind.BAD_NAME,
            FuzzBodies.Kind.OVER_LIMIT, FuzzBodies.Kind.PATH_OUTSIDE);
    private static final Map<FuzzBodies.Kind, Tally> TALLY = new EnumMap<>(FuzzBodies.Kind.class);

    /** Tried, accepted and refused bodies of one kind, and the first refusal's messages as an example. */
    static final class Tally {
        int tried;
        int accepted;
        int refused;
        String example;
    }

    /** One generated body and the kind of bad input it was made as. */
    record Body(FuzzBodies.Kind kind, String body) {
    }

    @Test
    void everyBodyIsAcceptedOrRefusedWithMessages() {
        FuzzBodies.Kind[] kinds = FuzzBodies.Kind.values();
        SeededTries.run("request bodies", 0xB0D1L, TRIES, random -> {
            FuzzBodies.Kind kind = kinds[random.nextInt(kinds.length)];
            return new Body(kind, BODIES.body(kind, random));
        }, b -> b.kind() + ": " + b.body(), b -> check(b.kind(), b.body()));
    }

    private static void check(FuzzBodies.Kind kind, String body) {
        List<String> problems = outcome(body);
        synchronized (TALLY) {
            Tally tally = TALLY.computeIfAbsent(kind, k -> new Tally());
            tally.tried++;
            if (problems.isEmpty()) {
                tally.accepted++;
            } else {
                tally.refused++;
                if (tally.example == null) {
                    tally.example = String.join("; ", problems);
                }
            }
        }
        if (kind == FuzzBodies.Kind.VALID) {
            assertEquals(List.of(), problems, body);
        }
        if (ALWAYS_REFUSED.contains(kind)) {
            assertFalse(problems.isEmpty(), "accepted: " + body);
        }
        for (String problem : problems) {
            assertNotNull(problem, body);
            assertFalse(problem.isBlank(), body);
            assertTrue(problem.length() < 2000, "a message, not a dump: " + problem);
            assertFalse(problem.contains("\tat ") || problem.matches("(?s).*\\bat [a-z]+\\.[a-z]+\\..*\\(.*"),
                    "a stack trace: " + problem);
        }
    }

    /**
     * What the API does with a body up to storing it, without MongoDB and Kafka: the problems of a refusal, or,
     * for an accepted body, nothing (the id, the event, the plan, the expected counts and the stored document are
     * made as the resource makes them, and must not throw).
     */
    static List<String> outcome(String body) {
        RequestBody parsed = RequestBody.parse(body);
        List<String> problems = new ArrayList<>(parsed.problems());
        if (parsed.request() != null) {
            problems.addAll(RULES.check(parsed.request()));
        }
        if (problems.isEmpty()) {
            Instant now = Instant.now();
            String id = parsed.experimentId() != null ? parsed.experimentId()
                    : ExperimentIds.generate(parsed.request().model(), now);
            ExperimentRequested requested = new ExperimentRequested(id, parsed.request(), now);
            Completion.expected(ExperimentPlan.of(requested));
            assertNotNull(ExperimentService.experimentDocument(requested));
        }
        return problems;
    }

    @AfterAll
    static void printCounts() {
        System.out.println("request fuzz (" + TRIES + " bodies): kind | tried | accepted | refused | example");
        TALLY.forEach((kind, t) -> System.out.println("FUZZ | " + kind.description + " | " + t.tried + " | "
                + t.accepted + " | " + t.refused + " | " + (t.example == null ? "" : t.example)));
    }
}
