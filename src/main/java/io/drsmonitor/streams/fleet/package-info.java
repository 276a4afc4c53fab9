/**
 * The fleet view: every project and region at once. Per-job changes of the summaries' job processors,
 * combined per task and commit ({@link io.drsmonitor.streams.fleet.FleetCombiner}), are repartitioned
 * twice more and summed by {@link io.drsmonitor.streams.fleet.FleetSummarizer}: by check item (how many
 * jobs have the item FAILED or ALARM, in which projects and regions, for what reasons) and by slice of
 * region, engine and direction (job counts). Both are published to compacted topics
 * ({@code drs.fleet.items}, {@code drs.fleet.totals}) that every instance reads back into a global store,
 * so any instance answers the fleet's totals and rankings alone and alike; the jobs behind one item are
 * listed from the per-job states ({@link io.drsmonitor.streams.fleet.FleetJobs}) on every instance.
 */
package io.drsmonitor.streams.fleet;
