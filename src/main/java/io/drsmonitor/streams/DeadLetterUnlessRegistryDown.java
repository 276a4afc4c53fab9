package io.drsmonitor.streams;

import io.drsmonitor.avro.SchemaRegistryException;
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
 */
public final class DeadLetterUnlessRegistryDown extends LogAndContinueExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterUnlessRegistryDown.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (SchemaRegistryException.registryUnavailable(exception)) {
            LOG.warn("{}-{} offset {}: the schema registry is unavailable; failing the thread to read it again: {}", record.topic(),
                    record.partition(), record.offset(), exception.getMessage());
            return Response.fail();
        }
        return super.handleError(context, record, exception);
    }
}
