package io.drsmonitor.query;

import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Whether a request's target (path and query) is one this API can route: percent-escapes well formed,
 * UTF-8, no control characters, no dot segments, no encoded or back slashes and no second layer of
 * escapes. No route or dashboard file needs any of these; refusing them before routing keeps path
 * traversal away from the static files and malformed escapes away from Vert.x's decoders, which
 * throw (a 500, or a plain-text 400 with a stack trace in the log) on them.
 */
final class RequestTargets {
    private RequestTargets() {
    }

    /** Why the target is refused (answered 400), or null when it can be routed. */
    static String refusal(HttpServerRequest request) {
        String path = request.path();
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return null; // Vert.x answers these 404 itself, before any handler
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c")) {
            return "an encoded '/' or '\\' in the path";
        }
        String decoded = decoded(path);
        if (decoded == null) {
            return "a malformed percent-escape in the path (or one that is not UTF-8)";
        }
        String problem = pathProblem(decoded);
        if (problem != null) {
            return problem;
        }
        try {
            request.params(); // decoded once here, cached for the routes
        } catch (IllegalArgumentException e) {
            return "a malformed percent-escape in the query string";
        }
        return null;
    }

    private static String pathProblem(String decoded) {
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "a control character in the path";
            }
            if (c == '\\') {
                return "a '\\' in the path";
            }
            if (c == '%') {
                return "a doubly encoded path";
            }
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "a '.' or '..' segment in the path";
            }
        }
        return null;
    }

    /** The path with its percent-escapes decoded as UTF-8; null when an escape is malformed or the bytes are not UTF-8. */
    static String decoded(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < path.length() ? hexDigit(path.charAt(i + 1)) : -1;
            int low = high >= 0 ? hexDigit(path.charAt(i + 2)) : -1;
            if (low < 0) {
                return null;
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** 0 to 15 for an ASCII hex digit, else -1 (Character.digit would take other scripts' digits too). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = Character.toLowerCase(c);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
