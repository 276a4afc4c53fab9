package io.drsmonitor.query;

import io.drsmonitor.drs.DrsRules;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a job list's page ended: the last row's sort key and job id, under the order they belong to.
 * Opaque to callers ({@code nextCursor}, base64url of {@code {"s": order, "k": key, "j": jobId}}); the
 * next page is the rows after it in that order, so a page never repeats or skips a job whose sort key
 * did not change in between.
 *
 * @param key the last row's {@code updatedAt} (epoch ms) or {@code passedRate} (null: no rate)
 */
record JobCursor(JobOrder order, Number key, String jobId) {
    static JobCursor after(JobOrder order, JobRow last) {
        return new JobCursor(order, order == JobOrder.UPDATED ? (Number) last.updatedAt() : last.passedRate(), last.jobId());
    }

    String encode() {
        JsonObject json = new JsonObject().put("s", order.parameter()).put("k", key).put("j", jobId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor {@code encoded} names, checked against the {@code order} asked for.
     *
     * @throws BadRequestException when it is not one this API gave out for that order
     */
    static JobCursor decode(String encoded, JobOrder order) {
        JsonObject json;
        try {
            json = new JsonObject(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            throw malformed();
        }
        Object sort = json.getValue("s");
        Object key = json.getValue("k");
        Object jobId = json.getValue("j");
        if (!(jobId instanceof String id) || !DrsRules.isJobId(id)) {
            throw malformed();
        }
        if (!order.parameter().equals(sort)) {
            throw new BadRequestException("cursor belongs to another sort than " + order.parameter() + ": start again without it");
        }
        if (order == JobOrder.UPDATED) {
            if (!(key instanceof Integer || key instanceof Long)) {
                throw malformed();
            }
            return new JobCursor(order, ((Number) key).longValue(), id);
        }
        if (key != null && !(key instanceof Number)) {
            throw malformed();
        }
        return new JobCursor(order, key == null ? null : ((Number) key).doubleValue(), id);
    }

    /** Whether {@code row} comes after this cursor in its order: on a later page. */
    boolean before(JobRow row) {
        JobRow here = new JobRow(jobId, order == JobOrder.UPDATED ? key.longValue() : 0L,
                order == JobOrder.PASS_RATE && key != null ? key.doubleValue() : null, null);
        return order.comparator().compare(here, row) < 0;
    }

    private static BadRequestException malformed() {
        return new BadRequestException("cursor is malformed: pass nextCursor of the previous page as it was given");
    }
}
