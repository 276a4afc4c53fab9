package io.drsmonitor.alerts;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links from a message back to the dashboard. */
final class DashboardLinks {
    private DashboardLinks() {
    }

    /** The dashboard's view of one job of a project. */
    static String job(URI dashboard, String project, String job) {
        return dashboard + "#/projects/" + encode(project) + "/jobs/" + encode(job);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
