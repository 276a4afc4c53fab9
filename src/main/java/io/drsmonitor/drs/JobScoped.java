package io.drsmonitor.drs;

/** A per-job result, with the id DRS uses to say which job it is about. */
interface JobScoped {
    String jobKey();

    String errorCode();
}
