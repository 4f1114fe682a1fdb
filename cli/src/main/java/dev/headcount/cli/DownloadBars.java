package dev.headcount.cli;

import dev.headcount.engine.hub.DownloadProgress;
import java.util.HashMap;
import java.util.Map;

/** Hub downloads drawn as progress bars in MiB, one per file, on stderr. */
final class DownloadBars implements DownloadProgress {

    private static final long MIB = 1024 * 1024;
    private final Map<String, ProgressBar> bars = new HashMap<>();

    @Override
    public synchronized void update(String file, long done, long total) {
        if (total < MIB) {
            return; // config and tokenizer files: a bar would flash by
        }
        ProgressBar bar = bars.computeIfAbsent(file, f -> new ProgressBar(f.substring(f.lastIndexOf('/') + 1),
                (total + MIB - 1) / MIB, "MiB"));
        bar.update(done >= total ? (total + MIB - 1) / MIB : done / MIB);
        if (done >= total) {
            bars.remove(file);
        }
    }
}
