package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

/** {@code run --in-process} starts and talks to nothing: the options about services are refused, by name. */
class RunInProcessOptionsTest {

    private static String refusal(Path dir, String... options) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picocliErr = new StringWriter();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = Headcount.commandLine();
            cli.setErr(new PrintWriter(picocliErr));
            String[] args = new String[options.length + 4];
            args[0] = "run";
            args[1] = "--in-process";
            args[2] = "--out";
            args[3] = dir.resolve("x").toString();
            System.arraycopy(options, 0, args, 4, options.length);
            code = cli.execute(args);
        } finally {
            System.setErr(stderr);
        }
        assertEquals(2, code);
        assertFalse(Files.exists(dir.resolve("x")), "nothing was started or written");
        return err.toString(StandardCharsets.UTF_8) + picocliErr;
    }

    @Test
    void serviceOptionsAreNamed(@TempDir Path dir) {
        assertEquals("headcount: --replicas does not apply with --in-process: it runs the plan in this JVM (artifacts "
                + "under --out)\n", refusal(dir, "--replicas", "2"));
        assertEquals("headcount: --kafka, --mongo, --keep-running do not apply with --in-process: it runs the plan in "
                + "this JVM (artifacts under --out)\n", refusal(dir, "--kafka", "127.0.0.1:9092", "--mongo",
                "mongodb://127.0.0.1:27017", "--keep-running"));
    }
}
