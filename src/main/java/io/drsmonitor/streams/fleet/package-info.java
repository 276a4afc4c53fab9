/**
 * The fleet view: every project and region at once. Per-job changes of the summaries' job processors
 * are repartitioned twice more: by check item ({@link io.drsmonitor.streams.fleet.FleetItemSummarizer}: which
 * jobs have the item FAILED or ALARM, in which projects and regions, for what reasons) and by slice
 * of region, engine and direction ({@link io.drsmonitor.streams.fleet.FleetSliceSummarizer}: job counts).
 * Both are published to compacted topics ({@code drs.fleet.items}, {@code drs.fleet.totals}) that
 * every instance reads back into a global store, so any instance answers the fleet's totals and
 * rankings alone and alike; the jobs behind one item are read from the instance that owns the item.
 */
package io.drsmonitor.streams.fleet;
