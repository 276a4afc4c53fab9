package io.drsmonitor.streams;

import io.drsmonitor.avro.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The summaries' input records that cannot be read go to the dead-letter topic, as Kafka Streams'
 * {@link LogAndContinueExceptionHandler} sends them, unless the schema registry is what failed (no
 * answer, 5xx): then the record is fine, and skipping it would lose a snapshot for good (a job's first
 * request, say, which its time to pass counts from). The thread fails instead; the runner replaces it,
 * after a wait ({@link RegistryOutageBackoff}), and the record is read again from the last commit.
 */
public final class DeadLetterUnlessRegistryDown extends LogAndContinueExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return SchemaRegistryException.registryUnavailable(exception) ? Response.fail() : super.handleError(context, record, exception);
    }
}
