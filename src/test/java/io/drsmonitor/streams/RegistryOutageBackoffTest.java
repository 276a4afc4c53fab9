package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** While the registry stays down, each thread waits longer before it fails; a quiet spell starts over. */
class RegistryOutageBackoffTest {
    @Test
    void waitsDoubleFromOneSecondToThirtyAndStartOverAfterTwoQuietMinutes() {
        long now = System.currentTimeMillis() + Duration.ofDays(1).toMillis(); // long after any earlier failure
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            now += 3_000;
            seconds.add(RegistryOutageBackoff.nextWait(now).toSeconds());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), seconds);
        assertEquals(30, RegistryOutageBackoff.nextWait(now + Duration.ofSeconds(119).toMillis()).toSeconds(), "still the same outage");
        assertEquals(1, RegistryOutageBackoff.nextWait(now + Duration.ofMinutes(5).toMillis()).toSeconds(), "a new outage");
    }
}
