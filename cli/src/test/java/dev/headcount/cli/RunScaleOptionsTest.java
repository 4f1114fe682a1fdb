package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.headcount.localstack.WorkerScale;
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

/** run's {@code --replicas} and {@code --threads}: what they start, and errors naming them before anything starts. */
class RunScaleOptionsTest {

    private static String error(Integer replicas, Integer threads, boolean startsNothing) {
        return assertThrows(IllegalArgumentException.class,
                () -> RunCommand.workerScale(replicas, threads, startsNothing)).getMessage();
    }

    @Test
    void absentOptionsKeepOneReplicaWithTheEnginesThreads() {
        assertEquals(WorkerScale.ONE, RunCommand.workerScale(null, null, false));
        assertEquals(WorkerScale.ONE, RunCommand.workerScale(null, null, true));
        assertEquals(new WorkerScale(2, 1), RunCommand.workerScale(2, 1, false));
        assertEquals(new WorkerScale(12, 0), RunCommand.workerScale(12, null, false));
        assertEquals(new WorkerScale(1, 2), RunCommand.workerScale(null, 2, false));
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("--replicas must be in [1, 12] (the partitions of a work topic: more replicas would sit idle), "
                + "was 0", error(0, null, false));
        assertEquals("--replicas must be in [1, 12] (the partitions of a work topic: more replicas would sit idle), "
                + "was 13", error(13, null, false));
        assertEquals("--threads must be 1 or more, was 0", error(2, 0, false));
        assertEquals("--replicas does not apply with --report-url: nothing is started here (scale that "
                + "report-service's workers where they run)", error(2, null, true));
        assertEquals("--threads does not apply with --report-url: nothing is started here (scale that "
                + "report-service's workers where they run)", error(null, 1, true));
    }

    @Test
    void theCommandLineRefusesThemBeforeAnythingStarts(@TempDir Path dir) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picocliErr = new StringWriter();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = Headcount.commandLine();
            cli.setErr(new PrintWriter(picocliErr));
            code = cli.execute("run", "--replicas", "0", "--threads", "2", "--out", dir.resolve("x").toString());
        } finally {
            System.setErr(stderr);
        }
        assertEquals(2, code);
        assertEquals("headcount: --replicas must be in [1, 12] (the partitions of a work topic: more replicas would "
                + "sit idle), was 0\n", err.toString(StandardCharsets.UTF_8) + picocliErr);
        assertFalse(Files.exists(dir.resolve("x")), "nothing was started or written");
    }
}
