package dev.headcount.cli.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames in place on a terminal, plain periodic lines elsewhere. */
class ProgressDisplayTest {

    private static final long SECOND = 1_000_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainOutputPrintsOnChangesAndPeriodicallyWithoutEscapeCodes() {
        ProgressDisplay display = new ProgressDisplay(out, false, 80, Duration.ofSeconds(15), Duration.ofSeconds(60));
        display.show(List.of("a 0/2", "b 0/1"), "0 0", 0, false);
        display.show(List.of("a 0/2", "b 0/1"), "0 0", 10 * SECOND, false);    // nothing new: skipped
        display.show(List.of("a 1/2", "b 0/1"), "1 0", 12 * SECOND, false);    // new, but too soon: skipped
        display.show(List.of("a 1/2", "b 0/1"), "1 0", 16 * SECOND, false);    // a unit finished: printed
        display.show(List.of("a 1/2", "b 0/1"), "1 0", 50 * SECOND, false);    // skipped
        display.show(List.of("a 1/2", "b 0/1 ."), "1 0", 77 * SECOND, false);  // a minute since the last: printed
        display.show(List.of("a 2/2", "b 1/1"), "2 1", 78 * SECOND, true);     // the last frame: printed
        assertEquals("a 0/2\nb 0/1\na 1/2\nb 0/1\na 1/2\nb 0/1 .\na 2/2\nb 1/1\n",
                written().replace(System.lineSeparator(), "\n"));
        assertFalse(written().contains("\u001b"));
    }

    @Test
    void onATerminalEachFrameReplacesTheLast() {
        ProgressDisplay display = new ProgressDisplay(out, true, 80, Duration.ofSeconds(15), Duration.ofSeconds(60));
        display.show(List.of("one", "two", "three"), "k", 0, false);
        display.show(List.of("uno", "dos"), "k", SECOND, false);
        assertEquals("\u001b[Jone\ntwo\nthree\n" + "\u001b[3A\r\u001b[Juno\ndos\n", written());
    }

    @Test
    void onATerminalLongLinesAreCutSoThatNoneWraps() {
        ProgressDisplay display = new ProgressDisplay(out, true, 10, Duration.ofSeconds(15), Duration.ofSeconds(60));
        display.show(List.of("123456789", "1234567890abc"), "k", 0, false);
        assertEquals("\u001b[J123456789\n12345678…\n", written());
    }

    @Test
    void aMessageBelowTheFrameStaysThere() {
        ProgressDisplay display = new ProgressDisplay(out, true, 80, Duration.ofSeconds(15), Duration.ofSeconds(60));
        display.show(List.of("one", "two"), "k", 0, false);
        display.println("headcount: stopping");
        display.show(List.of("one"), "k", SECOND, false);
        assertTrue(written().endsWith("headcount: stopping\n\u001b[Jone\n"), written());
    }
}
