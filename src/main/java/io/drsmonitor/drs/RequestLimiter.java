package io.drsmonitor.drs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/** Caps the requests in flight; the rest wait their turn without blocking a thread. */
final class RequestLimiter {
    private final int max;
    private int inFlight;
    private final Queue<Runnable> waiting = new ArrayDeque<>();

    RequestLimiter(int max) {
        this.max = max;
    }

    <T> Future<T> submit(Supplier<Future<T>> request) {
        Promise<T> promise = Promise.promise();
        Runnable start = () -> request.get().onComplete(result -> {
            release();
            promise.handle(result);
        });
        boolean now;
        synchronized (this) {
            now = inFlight < max;
            if (now) {
                inFlight++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return promise.future();
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
