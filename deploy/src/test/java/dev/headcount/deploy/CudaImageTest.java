package dev.headcount.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The GPU images cannot be built here (no Docker engine, and PyTorch's CUDA build is not on Maven Central), so this
 * checks that what builds them agrees with itself: the root pom's versions and {@code cuda} profile, the pytorch-jni
 * jar on the classpath, the CUDA base image's Dockerfile, the build script and the gpu overlay's image tags.
 */
class CudaImageTest {
    private static final Path ROOT = Rendered.deployDir().getParent();

    private static String rootPom() throws IOException {
        return Files.readString(ROOT.resolve("pom.xml"));
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">").matcher(pom);
        assertTrue(m.find(), "root pom.xml has no <" + name + ">");
        return m.group(1).trim();
    }

    @Test
    void theCudaFlavourIsOneThePytorchJniJarCarriesForThisPytorchVersion() throws IOException {
        String pom = rootPom();
        String torch = property(pom, "pytorch.native.version");
        String flavour = property(pom, "pytorch.cuda.flavor");
        Properties jni = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("jnilib/pytorch.properties")) {
            assertNotNull(in, "pytorch-jni is not on the test classpath");
            jni.load(in);
        }
        assertEquals(property(pom, "pytorch.jni.version"), jni.getProperty("jni_version"));
        assertTrue(jni.getProperty("jni_version").startsWith(torch + "-"), "pytorch-jni " + jni + " is built for PyTorch " + torch);
        assertNotNull(getClass().getClassLoader().getResource("jnilib/linux-x86_64/" + flavour + "/libdjl_torch.so"),
                "pytorch-jni " + jni.getProperty("jni_version") + " has no JNI for flavour " + flavour
                        + ": DJL could not drive PyTorch's " + flavour + " build");
        // cu128 = CUDA 12.8: the runtime in the base image must be that major.minor
        Matcher cu = Pattern.compile("cu(\\d+)(\\d)").matcher(flavour);
        assertTrue(cu.matches(), "flavour " + flavour);
        assertTrue(property(pom, "cuda.version").startsWith(cu.group(1) + "." + cu.group(2) + "."),
                "cuda.version " + property(pom, "cuda.version") + " is not the CUDA of flavour " + flavour);
    }

    @Test
    void theCudaProfileBuildsTaggedImagesOnTheCudaBase() throws IOException {
        String pom = rootPom();
        Matcher m = Pattern.compile("(?s)<profile>\\s*<id>cuda</id>(.*?)</profile>").matcher(pom);
        assertTrue(m.find(), "root pom.xml has no profile cuda");
        String profile = m.group(1);
        assertFalse(profile.contains("<activation>"), "the CPU build stays the default: cuda only with -Pcuda");
        assertEquals("${headcount.image.tag}-cuda", property(profile, "quarkus.container-image.tag"));
        assertEquals("${headcount.cuda.base-image}", property(profile, "quarkus.jib.base-jvm-image"));
        assertEquals("headcount/cuda-base:${cuda.version}-pytorch${pytorch.native.version}-${pytorch.cuda.flavor}",
                property(profile, "headcount.cuda.base-image"));
        // CPU images: the UBI OpenJDK base, from the pom too. A service that set the base in its application.properties
        // would build its -cuda image on the CPU base without a word: Quarkus ranks application.properties above pom
        // properties (seen with -Pcuda: Jib pulled ubi9/openjdk-17-runtime)
        assertEquals("registry.access.redhat.com/ubi9/openjdk-17-runtime", property(pom.substring(0, pom.indexOf("<profiles>")),
                "quarkus.jib.base-jvm-image"));
        for (Services s : Services.ALL) {
            Properties app = new Properties();
            try (var in = Files.newBufferedReader(ROOT.resolve(s.name()).resolve("src/main/resources/application.properties"))) {
                app.load(in);
            }
            assertEquals(null, app.getProperty("quarkus.jib.base-jvm-image"), s.name() + " must leave the base image to the pom");
            assertEquals(null, app.getProperty("quarkus.container-image.tag"), s.name() + " must leave the tag to the build");
            assertEquals("185", app.getProperty("quarkus.jib.user"), s.name() + ": uid 185, as the Deployments' securityContext");
        }
    }

    @Test
    void theBaseImageAndTheScriptTakeTheirVersionsFromThePom() throws IOException {
        String dockerfile = Files.readString(Rendered.deployDir().resolve("images/cuda-base/Dockerfile"));
        assertTrue(dockerfile.contains("FROM nvcr.io/nvidia/cuda:${CUDA_VERSION}-base-ubi9"), "the CUDA runtime (libcudart) for DJL's GPU detection");
        assertTrue(dockerfile.contains("java-17-openjdk-headless"), "the JRE the services were compiled for (release 17)");
        assertTrue(dockerfile.contains("libtorch/${PYTORCH_FLAVOR}/libtorch-cxx11-abi-shared-with-deps-${PYTORCH_VERSION}%2B${PYTORCH_FLAVOR}.zip"),
                "PyTorch's CUDA build of the pom's version and flavour");
        assertTrue(dockerfile.contains("PYTORCH_LIBRARY_PATH=/opt/libtorch/lib") && dockerfile.contains("PYTORCH_FLAVOR=${PYTORCH_FLAVOR}")
                && dockerfile.contains("PYTORCH_VERSION=${PYTORCH_VERSION}"), "DJL finds the library and its flavour through these");
        assertTrue(dockerfile.contains("USER 185"));
        String script = Files.readString(Rendered.deployDir().resolve("build-images.sh"));
        for (String p : new String[] {"cuda.version", "pytorch.native.version", "pytorch.cuda.flavor"}) {
            assertTrue(script.contains("property " + p), "build-images.sh reads " + p + " from the pom");
        }
        assertTrue(script.contains("CUDA_VERSION=") && script.contains("PYTORCH_VERSION=") && script.contains("PYTORCH_FLAVOR="));
        assertTrue(script.contains("$registry/headcount/cuda-base:$cuda-pytorch$torch-$torch_flavour"),
                "the script's base image name is the profile's");
        assertTrue(script.contains("-Pcuda") && script.contains("-Dheadcount.cuda.base-image=\"$base\""));
        assertTrue(Files.isExecutable(Rendered.deployDir().resolve("build-images.sh")));
    }

    @Test
    void theGpuOverlayRunsTheCudaImagesOfTheSameReleaseAsTheCpuOnes() {
        Rendered r = Rendered.of("gpu");
        String release = null;
        for (Services s : Services.ALL) {
            String image = Rendered.container(r.get("Deployment", s.name()), s.name()).path("image").asText();
            String tag = image.substring(image.lastIndexOf(':') + 1);
            String base = tag.endsWith("-cuda") ? tag.substring(0, tag.length() - "-cuda".length()) : tag;
            if (release == null) release = base;
            assertEquals(release, base, s.name() + ": every image of one release");
            assertEquals(s.gpuWorker(), tag.endsWith("-cuda"), s.name() + " " + image);
        }
    }
}
