package io.drsmonitor.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.charset.StandardCharsets;

/**
 * A receiver over loopback HTTP that keeps every request it accepted (the side effect, counted where
 * it happens) and answers with a status the test sets.
 */
final class Inbox implements AutoCloseable {
    /** One request as the receiver got it: raw body bytes and headers. */
    record Received(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;
    private volatile int refused;

    Inbox() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int status = answer;
            if (status / 100 == 2) {
                accepted.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
            } else {
                refused++;
            }
            byte[] reply = (status / 100 == 2 ? "ok" : "gone").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(int status) {
        answer = status;
    }

    int refused() {
        return refused;
    }

    List<Received> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
