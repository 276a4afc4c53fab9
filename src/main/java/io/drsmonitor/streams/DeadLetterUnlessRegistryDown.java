package io.drsmonitor.streams;

import io.drsmonitor.avro.SchemaRegistryException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The summaries' input records that cannot be read go to the dead-letter topic, as Kafka Streams'
 * {@link LogAndContinueExceptionHandler} sends them, unless the schema registry is what failed (no
 * answer, 5xx): then the record is fine, and skipping it would lose a snapshot for good (a job's first
 * request, say, which its time to pass counts from). The thread fails instead; the runner replaces it
 * and the record is read again from the last commit.
 *
 * <p>Each replaced thread rejoins the group, a rebalance for every instance: while the outage lasts, a
 * thread waits before it fails, 1 s and doubling to 30 s across the process's threads (back to 1 s once
 * no failure came for two minutes).
 */
public final class DeadLetterUnlessRegistryDown extends LogAndContinueExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterUnlessRegistryDown.class);
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration CALM = Duration.ofMinutes(2);
    /** Failures in the current outage, and when the last one came (one outage is seen by every thread). */
    private static final AtomicInteger FAILURES = new AtomicInteger();
    private static final AtomicLong LAST_FAILURE_MS = new AtomicLong();

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (!SchemaRegistryException.registryUnavailable(exception)) {
            return super.handleError(context, record, exception);
        }
        Duration wait = nextWait(System.currentTimeMillis());
        LOG.warn("{}-{} offset {}: the schema registry is unavailable; failing the thread in {} s to read it again: {}", record.topic(),
                record.partition(), record.offset(), wait.toSeconds(), exception.getMessage());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Response.fail();
    }

    /** 1 s, doubling with each failure of the outage to {@link #MAX_WAIT}; an outage ends after two quiet minutes. */
    static Duration nextWait(long nowMs) {
        long previous = LAST_FAILURE_MS.getAndSet(nowMs);
        int failures = nowMs - previous > CALM.toMillis() ? resetTo(1) : FAILURES.incrementAndGet();
        long millis = FIRST_WAIT.toMillis() << Math.min(failures - 1, 5);
        return Duration.ofMillis(Math.min(millis, MAX_WAIT.toMillis()));
    }

    private static int resetTo(int failures) {
        FAILURES.set(failures);
        return failures;
    }
}
