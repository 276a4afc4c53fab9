package io.drsmonitor.query;

import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.model.CheckResult;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A request for the jobs with one check item, checked: the item, the verdict (FAILED unless ALARM is
 * asked for), the region (null: every region), the page size and the job id to start after (from the
 * opaque cursor).
 */
record FleetItemQuery(String item, CheckResult verdict, String region, int limit, String afterJob) {
    static final String INTERNAL_PATH = "/api/internal/fleet-item-jobs";
    /** Any item DRS names: 1 to 128 characters, none a control character. */
    private static final Pattern ITEM = Pattern.compile("[^\\p{Cntrl}]{1,128}");

    static FleetItemQuery of(RoutingContext ctx, String item) {
        if (item == null || !ITEM.matcher(item).matches()) {
            throw new BadRequestException("item must be 1 to 128 characters, none a control character");
        }
        return new FleetItemQuery(item, verdict(ctx), RequestChecks.region(ctx), RequestChecks.intParam(ctx, "limit", 100, 1, 500),
                afterJob(ctx.request().getParam("cursor")));
    }

    /** The {@code verdict} parameter: FAILED when absent. */
    static CheckResult verdict(RoutingContext ctx) {
        String raw = ctx.request().getParam("verdict");
        if (raw == null || raw.equals("FAILED")) {
            return CheckResult.FAILED;
        }
        if (raw.equals("ALARM")) {
            return CheckResult.ALARM;
        }
        throw new BadRequestException("verdict must be FAILED or ALARM");
    }

    /** The cursor that continues after {@code jobId}. */
    static String cursorAfter(String jobId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(jobId.getBytes(StandardCharsets.UTF_8));
    }

    /** The job id a cursor this API gave out names; null without one. */
    private static String afterJob(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String jobId = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (DrsRules.isJobId(jobId)) {
                return jobId;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new BadRequestException("cursor is not one this API gave out: start again without it");
    }

    /** The internal route asking another instance for its part of this page (one more job than the page: is there a next?). */
    String internalPath() {
        return INTERNAL_PATH + "?item=" + URLEncoder.encode(item, StandardCharsets.UTF_8) + "&verdict=" + verdict.name()
                + (region == null ? "" : "&region=" + region) + "&limit=" + limit + (afterJob == null ? "" : "&cursor=" + cursorAfter(afterJob));
    }
}
