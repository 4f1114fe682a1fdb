package dev.headcount.report.store;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.headcount.messaging.OutageDetector;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * MongoDB down, restarting or failing over, as the sync driver reports it: no server found in time, a socket
 * refused or cut, a pool cleared because its server went away, a node that is no primary or still recovering. The
 * record path ({@code RecordProcessor}) retries a record that failed this way until MongoDB is back, instead of
 * dead-lettering it after {@code headcount.records.max-attempts} and failing the experiment. A write error (a
 * duplicate key, a document too large) is none of these: it comes back the same on every attempt.
 */
@ApplicationScoped
public class MongoOutages implements OutageDetector {
    @Override
    public boolean isOutage(Throwable error) {
        return error instanceof MongoTimeoutException
                || error instanceof MongoSocketException
                || error instanceof MongoConnectionPoolClearedException
                || error instanceof MongoServerUnavailableException
                || error instanceof MongoNotPrimaryException
                || error instanceof MongoNodeIsRecoveringException;
    }
}
