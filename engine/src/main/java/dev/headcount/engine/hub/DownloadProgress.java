package dev.headcount.engine.hub;

/** Told of a download's progress; the CLI draws a bar, services log nothing. */
@FunctionalInterface
public interface DownloadProgress {

    DownloadProgress NONE = (file, done, total) -> { };

    /**
     * @param file  the file in the repository
     * @param done  bytes on disk so far (a resumed download starts at what the partial file held)
     * @param total the file's size, or -1 when the Hub did not say
     */
    void update(String file, long done, long total);
}
