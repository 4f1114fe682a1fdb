package dev.headcount.messaging.quarkus;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecordBeansTest {

    @Test
    void aProducerThatDoesNotWaitForEveryInSyncReplicaIsRefusedByName() {
        for (String weak : new String[] {"1", "0", "", " "}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RecordBeans.requireAcksAll(weak));
            assertTrue(e.getMessage().contains("mp.messaging.outgoing.events-out.acks must be 'all'"), e.getMessage());
        }
        assertDoesNotThrow(() -> RecordBeans.requireAcksAll("all"));
        assertDoesNotThrow(() -> RecordBeans.requireAcksAll("-1"));
    }
}
