package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** doctor prints what is in effect, and no secret. */
class DoctorCommandTest {

    @Test
    void printsEngineDevicesCachesHubAndServiceSettingsWithoutSecrets() {
        Map<String, String> env = Map.of("HF_ENDPOINT", "http://127.0.0.1:9", "HF_HUB_OFFLINE", "1", "HF_HOME", "/srv/hf",
                "HF_TOKEN", "hf_secret_token", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
                "QUARKUS_MONGODB_CONNECTION_STRING", "mongodb://headcount:s3cret@127.0.0.1:27017");
        List<String> lines = DoctorCommand.lines(env, Path.of("/home/u"));
        String text = String.join("\n", lines);
        assertTrue(text.contains("PyTorch 2.7.1 (CPU build)"), text);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("native library") && l.contains("pytorch")), text);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("devices") && l.contains("GPU(s) visible")), text);
        assertTrue(lines.contains(String.format("%-24s %s", "cache: Hugging Face", "/srv/hf/hub (not created yet)")), text);
        assertTrue(lines.contains(String.format("%-24s %s", "Hub endpoint", "http://127.0.0.1:9")), text);
        assertTrue(lines.contains(String.format("%-24s %s", "Hub offline", "yes (HF_HUB_OFFLINE): the cache only")), text);
        assertTrue(lines.contains(String.format("%-24s %s", "Hub token", "HF_TOKEN")), text);
        assertTrue(lines.contains(String.format("%-24s %s", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")), text);
        assertTrue(text.contains("mongodb://headcount:***@127.0.0.1:27017"), text);
        assertFalse(text.contains("s3cret") || text.contains("hf_secret_token"), text);
    }

    @Test
    void runsAsACommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new DoctorCommand());
        cli.setOut(new PrintWriter(out));
        try {
            assertEquals(0, cli.execute("--device", "cpu"));
            assertTrue(out.toString().contains(String.format("%-24s %s", "device", "cpu() (--device cpu)")), out.toString());
        } finally {
            System.clearProperty(dev.headcount.engine.device.Devices.PROPERTY);
        }
    }
}
