package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DataCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void showsSizesBalanceAndExamplesPerLabel(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("train.tsv"), "index\tsentence1\tsentence2\tlabel\n"
                + "0\tA cat sat.\tA cat is sitting.\tentailment\n1\tIt rained.\tIt was dry.\tnot_entailment\n2\tHe ran.\tHe moved.\tentailment\n");
        Files.writeString(folder.resolve("dev.tsv"), "index\tsentence1\tsentence2\tlabel\n0\tX is here.\tX is present.\tentailment\n");
        Run run = run("show", "glue/rte=" + folder, "-n", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("train: 3 examples (entailment 2 = 66.7 %, not_entailment 1 = 33.3 %)"), run.out());
        assertTrue(run.out().contains("[1 = not_entailment]\n  It rained.  ||  It was dry."), run.out());
    }

    @Test
    void badTaskIsAReadableError() {
        Run run = run("show", "glue/rte=/no/such/folder");
        assertEquals(1, run.exitCode());
        assertEquals("cannot load glue/rte=/no/such/folder: /no/such/folder: not a folder; expected the RTE folder with train and dev files\n", run.err());
    }

    @Test
    void listWithoutSizesFetchesNothing() {
        Run run = run("list", "--no-sizes");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("builtin/lt-acceptability"));
        assertTrue(run.out().contains("builtin/spam"));
        assertTrue(run.out().contains("LGPL-2.1"));
    }
}
