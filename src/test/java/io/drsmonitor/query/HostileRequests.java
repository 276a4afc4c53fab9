package io.drsmonitor.query;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Hostile variants of requests to the query API's routes, drawn by a seeded generator (the same
 * requests on every run): path traversal plain, encoded and doubly encoded; malformed escapes;
 * over-long segments; unicode and NUL; bad, duplicate and out-of-range query parameters; wrong
 * methods; odd headers; bodies on GET.
 */
final class HostileRequests {
    /** One request: {@code route} is the path (or template) it was made from. */
    record Hostile(String route, String method, String target, String headers, String body) {
        @Override
        public String toString() {
            String shown = target.length() > 120 ? target.substring(0, 120) + "...(" + target.length() + ")" : target;
            return method + " " + shown + (headers.isEmpty() ? "" : " [" + headers.trim().replace("\r\n", "; ") + "]")
                    + (body == null ? "" : " +body(" + body.length() + ")");
        }
    }

    static final String JOB_ID = "00000000-0000-0000-0000-000000000001";
    static final List<String> DASHBOARD_FILES = List.of("/", "/index.html", "/dashboard.js", "/dashboard.css");
    /** Not in openapi.json (other instances call them) but served on the same port. */
    static final List<String> INTERNAL_ROUTES = List.of("/api/internal/jobs", "/api/internal/kv/precheck-summary/p1",
            "/api/internal/all/precheck-summary", "/api/internal/alerts", "/api/internal/fleet-item-jobs");

    private static final List<String> TRAVERSALS = List.of("..", "%2e%2e", "%2E%2E", "%2e%2e%2f", "..%2f", "..%2F..%2Fetc%2Fpasswd",
            "%252e%252e%252f", "..%5c", "%5c..%5c", "..\\..\\", "%c0%ae%c0%ae", "%c0%af", "....//", ".", "%2e", "..;", "../../etc/passwd",
            "..%00", "%2e%2e/%2e%2e/%2e%2e/etc/passwd", "..%252f..%252f");
    private static final List<String> MALFORMED = List.of("%ZZ", "%", "%4", "%zz", "%%", "%u002e", "%G0", "a%", "%-1", "%+0", "%0");
    private static final List<String> ODD_CHARS = List.of("%00", "%0a", "%0d%0a", "%09", "%7f", "%C3%A9", "%F0%9F%92%A5", "%E2%80%AE",
            "%ff%fe", "%ed%a0%80", "é", "日本", "<script>", "'%20OR%201=1--", "${jndi:ldap://x}", "%20", "+", ";", "~", "*");
    private static final List<String> QUERIES = List.of("limit=-1", "limit=9999999999", "limit=0", "limit=1e3", "limit=", "limit=%00",
            "limit=1&limit=2", "limit=0x10", "limit=%ZZ", "limit=%", "cursor=garbage", "cursor=", "cursor=%ZZ", "cursor=eyJ9",
            "cursor=bm90LWEtY3Vyc29y", "state=nope", "state=failed,,", "state=", "state=failed&state=nope", "state=FAILED",
            "hours=NaN", "hours=-0", "hours=Infinity", "hours=721", "hours=1.5", "sort=../", "sort=name", "sort=", "projectId=..%2f",
            "projectId=bad!id", "projectId=a&projectId=b", "projectId=%00", "region=<script>", "region=a%2Fb", "stale=true", "a=%",
            "&&&", "=", ";", "%", "%%%", "x=" + "q".repeat(400), "limit=1;limit=2", "state=" + "failed,".repeat(60));
    private static final List<String> METHODS = List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "FOO", "get",
            "PROPFIND", "GETT");
    private static final List<String> HEADERS = List.of("Host: evil.example\r\n", "Content-Type: text/xml\r\n",
            "Accept: application/xml\r\n", "Accept: */*;q=garbage\r\n", "X-Forwarded-For: 127.0.0.1, ../../\r\n",
            "X-DRS-Internal-Secret: wrong\r\n", "X-DRS-Internal-Secret: secret\r\n", "X-DRS-Forwarded: 1\r\n",
            "X-Padding: " + "p".repeat(9_000) + "\r\n", "Accept-Encoding: gzip, deflate, br, zstd, *\r\n",
            "Range: bytes=-1\r\n", "Range: bytes=999999999-\r\n", "If-Modified-Since: yesterday\r\n", "Expect: 100-continue\r\n",
            "Cookie: " + "a=b; ".repeat(100) + "\r\n", "X-Odd: \u00e9\u00e8\r\n", "Authorization: Basic %ZZ\r\n",
            "Content-Length: -1\r\n", "Content-Length: abc\r\n", "Transfer-Encoding: chunked\r\n", "Bad Header: x\r\n");
    private static final List<String> BODIES = List.of("{}", "{\"status\":1}", "\u0000\u0001\u0002", "x".repeat(20_000), "[".repeat(1_000));

    private HostileRequests() {
    }

    /** Every route of {@code openApi}, its ids filled in with well-formed values; the internal routes and the dashboard's files. */
    static List<String> routes(JsonObject openApi) {
        List<String> routes = new ArrayList<>();
        for (String template : openApi.getJsonObject("paths").fieldNames()) {
            routes.add(filled(template));
        }
        routes.addAll(INTERNAL_ROUTES);
        routes.addAll(DASHBOARD_FILES);
        return routes;
    }

    /** A route template of openapi.json with its path parameters filled in with well-formed values. */
    static String filled(String template) {
        return template.replace("{projectId}", "p1").replace("{jobId}", JOB_ID).replace("{item}", "srcDbConnection");
    }

    /** {@code perRoute} variants of each route, drawn with {@code seed}. */
    static List<Hostile> variants(List<String> routes, int perRoute, long seed) {
        Random random = new Random(seed);
        List<Function<String, Hostile>> kinds = List.of(
                route -> get(route, insert(route, pick(random, TRAVERSALS), random)),
                route -> get(route, insert(route, pick(random, MALFORMED), random)),
                route -> get(route, replace(route, pick(random, ODD_CHARS), random)),
                route -> get(route, replace(route, "s".repeat(200 + random.nextInt(500)), random)),
                route -> get(route, route + "?" + pick(random, QUERIES) + (random.nextBoolean() ? "" : "&" + pick(random, QUERIES))),
                route -> new Hostile(route, pick(random, METHODS), route, "", random.nextBoolean() ? "{}" : null),
                route -> new Hostile(route, "GET", route, pick(random, HEADERS), null),
                route -> new Hostile(route, random.nextBoolean() ? "GET" : "HEAD", route, "Content-Type: application/json\r\n",
                        pick(random, BODIES)),
                route -> get(route, "/" + pick(random, TRAVERSALS) + "/" + pick(random, TRAVERSALS) + "/etc/passwd"),
                route -> get(route, route + (route.endsWith("/") ? "" : "/") + pick(random, TRAVERSALS) + "/"
                        + pick(random, List.of("pom.xml", "WEB-INF/web.xml", "io/drsmonitor/query/QueryApi.class", "logback.xml"))));
        List<Hostile> all = new ArrayList<>();
        for (String route : routes) {
            for (int i = 0; i < perRoute; i++) {
                all.add(pick(random, kinds).apply(route));
            }
        }
        return all;
    }

    private static Hostile get(String route, String target) {
        return new Hostile(route, "GET", target, "", null);
    }

    /** {@code piece} as a segment of its own, before a segment drawn at random (or at the end). */
    private static String insert(String route, String piece, Random random) {
        List<String> segments = new ArrayList<>(List.of(route.substring(1).split("/", -1)));
        segments.add(random.nextInt(segments.size() + 1), piece);
        return "/" + String.join("/", segments);
    }

    /** {@code piece} in place of a segment drawn at random (an id, where the route has one, half the time). */
    private static String replace(String route, String piece, Random random) {
        List<String> segments = new ArrayList<>(List.of(route.substring(1).split("/", -1)));
        int at = random.nextInt(segments.size());
        if (random.nextBoolean() && (segments.contains("p1") || segments.contains(JOB_ID))) {
            at = segments.contains("p1") ? segments.indexOf("p1") : segments.indexOf(JOB_ID);
        }
        segments.set(at, piece);
        return "/" + String.join("/", segments);
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
