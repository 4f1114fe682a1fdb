package dev.headcount.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Utils;
import dev.headcount.engine.checkpoint.BuiltinModels;
import dev.headcount.engine.checkpoint.MavenArtifact;
import dev.headcount.engine.data.DataCache;
import dev.headcount.engine.device.DeviceSelection;
import dev.headcount.engine.device.Devices;
import dev.headcount.engine.hub.HubSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What is in effect on this machine, the first thing to attach to a bug report: Java, the engine and
 * its native library (CPU or CUDA build, version, where it was loaded from), devices and the device
 * chosen, threads, caches, the Hugging Face settings, and the Kafka/MongoDB settings the services
 * would read. Secrets are never printed: the token only by where it comes from, passwords masked.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "print the engine, native library, devices, threads, caches and settings in effect")
public final class DoctorCommand implements Callable<Integer> {

    /** Environment variables the services and the CLI read, printed when set. */
    static final List<String> SETTINGS = List.of("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_MONGODB_CONNECTION_STRING",
            "HEADCOUNT_ARTIFACT_ROOT", "HEADCOUNT_URL", "HEADCOUNT_TASKS", "HEADCOUNT_DATA_DIR", "HEADCOUNT_MODEL_DIR",
            "HEADCOUNT_DEVICE", "DJL_OFFLINE", "PYTORCH_LIBRARY_PATH", "PYTORCH_FLAVOR", "PYTORCH_VERSION", "OMP_NUM_THREADS");

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Override
    public Integer call() {
        device.apply();
        PrintWriter out = spec.commandLine().getOut();
        lines(System.getenv(), Path.of(System.getProperty("user.home"))).forEach(out::println);
        out.flush();
        return 0;
    }

    static List<String> lines(Map<String, String> env, Path home) {
        List<String> lines = new ArrayList<>();
        Runtime runtime = Runtime.getRuntime();
        lines.add(row("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), max heap "
                + runtime.maxMemory() / (1024 * 1024) + " MiB, " + runtime.availableProcessors() + " processors"));
        try {
            Engine engine = Engine.getInstance();
            Devices.NativeLibrary lib = Devices.nativeLibrary();
            lines.add(row("engine", "DJL " + Engine.getDjlVersion() + ", " + engine.getEngineName() + " engine, "
                    + lib.describe()));
            lines.add(row("native library", lib.path().map(Path::toString).orElse("(path unknown)")));
            lines.add(row("devices", engine.getGpuCount() + " GPU(s) visible" + (engine.getGpuCount() > 0
                    ? ": " + List.of(engine.getDevices()) : "")));
            String choice = Devices.configured().word();
            try {
                DeviceSelection selection = Devices.selection();
                lines.add(row("device", selection.device() + selection.notice().map(n -> ": " + n)
                        .orElse(" (--device " + choice + ")")));
            } catch (IllegalStateException e) {
                lines.add(row("device", "none: " + e.getMessage()));
            }
            lines.add(row("threads", "PyTorch intra-op " + JniUtils.getNumThreads() + ", inter-op "
                    + JniUtils.getNumInteropThreads()));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            lines.add(row("engine", "cannot load: " + e));
        }
        HubSettings hub = HubSettings.from(env, home);
        lines.add(row("cache: DJL", Utils.getCacheDir() + " (native libraries: " + Utils.getEngineCacheDir() + ")"));
        lines.add(row("cache: Hugging Face", hub.cache() + describe(hub.cache())));
        lines.add(row("cache: built-in models", BuiltinModels.cacheDir() + describe(BuiltinModels.cacheDir())));
        lines.add(row("cache: built-in data", DataCache.fromEnvironment().root() + describe(DataCache.fromEnvironment().root())));
        lines.add(row("Maven repository", MavenArtifact.localRepository().toString()));
        lines.add(row("Hub endpoint", hub.endpoint().toString()));
        lines.add(row("Hub offline", hub.offline() ? "yes (HF_HUB_OFFLINE): the cache only" : "no"));
        lines.add(row("Hub token", hub.tokenSource(env)));
        for (String name : SETTINGS) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                lines.add(row(name, maskPassword(value)));
            }
        }
        return lines;
    }

    private static String row(String key, String value) {
        return String.format("%-24s %s", key, value);
    }

    /** {@code mongodb://user:secret@host} → {@code mongodb://user:***@host}. */
    static String maskPassword(String value) {
        return value.replaceAll("(://[^:/@]+):[^@/]+@", "$1:***@");
    }

    private static String describe(Path folder) {
        if (!Files.isDirectory(folder)) {
            return " (not created yet)";
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return " (" + entries.count() + " entries)";
        } catch (IOException e) {
            return " (unreadable: " + e.getMessage() + ")";
        }
    }
}
