package dev.headcount.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up decision, on the devices DJL can report. */
class ComputeDeviceTest {

    @Test
    void theLineNamesEngineVersionDeviceAndGpuCount() {
        assertEquals("PyTorch 2.7.1 computes on gpu(0) (1 GPU visible)", ComputeDevice.describe("PyTorch", "2.7.1", Device.gpu(0), 1));
        assertEquals("PyTorch 2.7.1 computes on cpu() (0 GPUs visible)", ComputeDevice.describe("PyTorch", "2.7.1", Device.cpu(), 0));
    }

    @Test
    void onThisMachineTheEngineLoadsAndSaysCpuUnlessAGpuIsRequired() {
        // no GPU here (and the CPU build of PyTorch): the line names the CPU, and requiring a GPU stops the start
        String line = ComputeDevice.atStartup(false);
        assertTrue(line.matches("PyTorch \\S+ computes on cpu\\(\\) \\(0 GPUs visible\\)"), line);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> ComputeDevice.atStartup(true));
        assertTrue(e.getMessage().startsWith(line + ": headcount.require-gpu"), e.getMessage());
    }

    @Test
    void aGpuIsRequiredOnlyWhereTheOperatorSaysSo() {
        assertEquals(Optional.empty(), ComputeDevice.problem(false, Device.cpu(), 0), "CPU images and laptops");
        assertEquals(Optional.empty(), ComputeDevice.problem(true, Device.gpu(0), 1));
        String noGpu = ComputeDevice.problem(true, Device.cpu(), 0).orElseThrow();
        assertTrue(noGpu.contains("would compute on cpu(): no GPU visible") && noGpu.contains("libcudart"), noGpu);
        String cpuBuild = ComputeDevice.problem(true, Device.cpu(), 2).orElseThrow();
        assertTrue(cpuBuild.contains("2 GPUs visible"), cpuBuild);
    }
}
