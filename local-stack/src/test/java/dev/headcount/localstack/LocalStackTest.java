package dev.headcount.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalStackTest {

    @Test
    void writesWhereItListensToStackJsonAndRemovesItWhenStopped(@TempDir Path directory) throws Exception {
        long started = System.nanoTime();
        try (LocalStack stack = LocalStack.start(StackSettings.in(directory, 0, 0))) {
            System.out.printf("LocalStack up in %.2f s%n", (System.nanoTime() - started) / 1e9);
            StackInfo info = StackInfo.read(directory);
            assertEquals(stack.kafkaBootstrapServers(), info.kafkaBootstrapServers());
            assertEquals(stack.mongoConnectionString(), info.mongoConnectionString());
            assertEquals(directory.resolve("artifacts").toString(), info.artifactRoot());
            assertEquals(ProcessHandle.current().pid(), info.pid());
            assertTrue(Files.isDirectory(directory.resolve("kafka")));
            assertTrue(Files.exists(directory.resolve("mongo").resolve("headcount.mv.db")));
            MongoChecks.crudUpsertAndUniqueIndex(info.mongoConnectionString());
        }
        assertFalse(Files.exists(directory.resolve(StackInfo.FILE_NAME)));
        assertTrue(Files.isDirectory(directory.resolve("kafka")), "a given directory is kept");
    }
}
