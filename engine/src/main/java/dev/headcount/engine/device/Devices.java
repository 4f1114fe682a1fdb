package dev.headcount.engine.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's device, chosen once: system property {@code headcount.device}, else environment
 * {@code HEADCOUNT_DEVICE}, else {@code auto}. Every base manager comes from {@link #newBaseManager()},
 * so parameters and activations live on that device.
 */
public final class Devices {

    public static final String PROPERTY = "headcount.device";
    public static final String ENV = "HEADCOUNT_DEVICE";

    private static final Logger LOG = LoggerFactory.getLogger(Devices.class);
    private static final Pattern CUDA = Pattern.compile("-(cu\\d+)");
    private static DeviceSelection selection;

    private Devices() {
    }

    /** The configured choice; a bad value names where it came from. */
    public static DeviceChoice configured() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return DeviceChoice.parse(property, "-D" + PROPERTY);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return DeviceChoice.parse(env, ENV);
        }
        return DeviceChoice.AUTO;
    }

    /** The selection for this process, made (and its fallback logged) on first use and again if the choice changes. */
    public static synchronized DeviceSelection selection() {
        DeviceChoice choice = configured();
        if (selection == null || selection.choice() != choice) {
            selection = DeviceSelection.select(choice, Engine.getInstance().getGpuCount(), nativeLibrary().describe());
            selection.notice().ifPresent(LOG::info);
        }
        return selection;
    }

    public static Device current() {
        return selection().device();
    }

    public static NDManager newBaseManager() {
        return NDManager.newBaseManager(current());
    }

    /** PyTorch's native library as loaded: version, CPU or CUDA build, and the folder it was loaded from. */
    public record NativeLibrary(String version, String flavor, Optional<Path> path) {

        public String describe() {
            return "PyTorch " + version + " (" + flavor + ")";
        }
    }

    public static NativeLibrary nativeLibrary() {
        Engine.getInstance(); // loads the library
        String path = LibUtils.getLibtorchPath();
        return new NativeLibrary(LibUtils.getVersion(), flavorOf(path), Optional.ofNullable(path).map(Path::of));
    }

    /** DJL names the folder after the build: {@code 2.7.1-20250812-cpu-linux-x86_64}, {@code ...-cu124-...}. */
    static String flavorOf(String libraryPath) {
        if (libraryPath == null) {
            return "unknown build";
        }
        String folder = libraryPath.toLowerCase(Locale.ROOT);
        Matcher cuda = CUDA.matcher(folder);
        if (cuda.find()) {
            return "CUDA build " + cuda.group(1);
        }
        return folder.contains("-cpu") ? "CPU build" : "build of unknown flavour";
    }
}
