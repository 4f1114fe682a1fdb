package dev.headcount.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What a running local stack tells other processes, as {@code <state>/stack.json}: where Kafka and MongoDB
 * listen and where artifacts go. Removed when the stack stops.
 *
 * @param kafkaBootstrapServers for {@code kafka.bootstrap.servers}
 * @param mongoConnectionString for {@code quarkus.mongodb.connection-string}
 * @param artifactRoot          directory of the experiments' artifacts
 * @param pid                   the process running the stack
 */
public record StackInfo(String kafkaBootstrapServers, String mongoConnectionString, String artifactRoot, long pid) {
    public static final String FILE_NAME = "stack.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Reads {@code <stateDirectory>/stack.json}. */
    public static StackInfo read(Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE_NAME);
        try {
            return JSON.readValue(file.toFile(), StackInfo.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (is the local stack running?)", e);
        }
    }

    /** Writes {@code <stateDirectory>/stack.json} atomically, so a reader never sees half of it. */
    public Path write(Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE_NAME);
        try {
            Path temporary = Files.createTempFile(stateDirectory, FILE_NAME, ".tmp");
            JSON.writeValue(temporary.toFile(), this);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
