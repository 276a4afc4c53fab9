package io.drsmonitor.app;

import java.security.SecureRandom;

/** AK/SK made up for one local run, shared by the built-in simulator and the client; never logged. */
final class LocalCredentials {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String MIXED = UPPER + "abcdefghijklmnopqrstuvwxyz";

    private LocalCredentials() {
    }

    /** 20 upper-case letters and digits, the shape of a Huawei Cloud access key. */
    static String accessKey() {
        return random(UPPER, 20);
    }

    /** 40 letters and digits, the shape of a secret key. */
    static String secretKey() {
        return random(MIXED, 40);
    }

    private static String random(String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
