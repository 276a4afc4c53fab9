package io.drsmonitor.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a process, started in the order they are declared and stopped in reverse: what takes
 * input in stops first, so the rest drains and commits. A part that fails to start stops those before it.
 */
final class Lifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    /** Starts a part and returns what stops it. */
    @FunctionalInterface
    interface Start {
        AutoCloseable run() throws Exception;
    }

    private record Part(String name, AutoCloseable stop) {
    }

    private record Declared(String name, Start start) {
    }

    private final List<Declared> declared = new ArrayList<>();
    private final Deque<Part> running = new ArrayDeque<>();

    /** A part that {@link #startAll()} starts, after those declared before it. */
    Lifecycle declare(String name, Start start) {
        declared.add(new Declared(name, start));
        return this;
    }

    /** A part that started as it was built; it stops after every part started later. */
    <T extends AutoCloseable> T running(String name, T part) {
        running.push(new Part(name, part));
        return part;
    }

    /** Starts the declared parts in order. */
    void startAll() throws Exception {
        for (Declared part : declared) {
            running.push(new Part(part.name(), part.start().run()));
            LOG.debug("started {}", part.name());
        }
        declared.clear();
    }

    /** Stops what runs, last started first, going on past failures. */
    @Override
    public void close() {
        while (!running.isEmpty()) {
            Part part = running.pop();
            try {
                part.stop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", part.name(), e.toString());
            }
        }
    }
}
