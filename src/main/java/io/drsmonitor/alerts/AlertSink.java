package io.drsmonitor.alerts;

import io.drsmonitor.model.CheckAlert;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.Map;

/** A receiver of alert transitions over HTTP: what it is called, where it is, and what one transition looks like to it. */
abstract class AlertSink {
    private final String name;
    private final URI url;

    AlertSink(String name, URI url) {
        this.name = name;
        this.url = url;
    }

    /** The sink's name in metrics, logs, consumer group and dead letters: never its URL, which may hold a token. */
    final String name() {
        return name;
    }

    /** Where requests are posted. */
    final URI url() {
        return url;
    }

    /**
     * The request for one transition.
     *
     * @param previous the last transition of the same alert id this sink handled, or null
     */
    abstract SinkRequest request(CheckAlert alert, CheckAlert previous);

    /** One HTTP POST: its JSON body and extra headers. */
    record SinkRequest(Buffer body, Map<String, String> headers) {
    }
}
