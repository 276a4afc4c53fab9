package io.drsmonitor.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.discovery.DiscoverySettings.PrecheckMode;
import io.drsmonitor.drs.JobInfo;
import io.drsmonitor.drs.QueryPreCheckResp;
import io.drsmonitor.model.JobEventType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listing-to-events rules, job by job, with the ids written out as the README documents them. */
class JobChangesTest {
    private static final ProjectRef PROJECT = new ProjectRef("eu-west-101", "0a1b2c3d4e5f60718293a4b5c6d7e8f9");
    private static final String JOB = "140b5236-88ad-43c8-811c-1268453jb101";
    private static final String PREFIX = "discovery/eu-west-101:0a1b2c3d4e5f60718293a4b5c6d7e8f9/" + JOB + "/";

    private static KnownJob listedAs(String dbUseType, String status) {
        return JobChanges.fromListing(PROJECT, new JobInfo(JOB, "orders", status, "mysql", "up", dbUseType, "FULL_INCR_TRANS",
                "1700000000000", List.of()), null, dbUseType);
    }

    private static List<String> ids(JobChanges.Change change) {
        return change.events().stream().map(JobChanges.Discovered::eventId).toList();
    }

    private static List<JobEventType> types(JobChanges.Change change) {
        return change.events().stream().map(JobChanges.Discovered::type).toList();
    }

    @Test
    void aNewJobIsCreatedWithItsKindFromDbUseType() {
        assertEquals("MIGRATION", listedAs("migration", "CONFIGURATION").jobType());
        assertEquals("SYNC", listedAs("sync", "CONFIGURATION").jobType());
        assertEquals("DR", listedAs("cloudDataGuard", "CONFIGURATION").jobType());
        JobChanges.Change created = JobChanges.listed(null, listedAs("migration", "CONFIGURATION"), PrecheckMode.OBSERVE);
        assertEquals(List.of(PREFIX + "JOB_CREATED"), ids(created));
        assertEquals("orders", created.next().name());
        assertEquals(List.of("JOB_CREATED"), List.copyOf(created.next().published()));
    }

    @Test
    void aListingThatChangesNothingPublishesNothingAndWritesNothing() {
        KnownJob known = JobChanges.listed(null, listedAs("migration", "CONFIGURATION"), PrecheckMode.OBSERVE).next();
        JobChanges.Change again = JobChanges.listed(known, listedAs("migration", "CONFIGURATION"), PrecheckMode.OBSERVE);
        assertTrue(again.events().isEmpty());
        assertFalse(again.changed());
    }

    @Test
    void aDrJobEnteringItsInitializationIsFollowedOnceAndAStartedMigrationStartsOnce() {
        KnownJob dr = JobChanges.listed(null, listedAs("cloudDataGuard", "CONFIGURATION"), PrecheckMode.OBSERVE).next();
        assertTrue(JobChanges.statusSeen(dr, "STARTJOBING").events().isEmpty(), "being started is not started");
        JobChanges.Change init = JobChanges.statusSeen(dr, "FULL_TRANSFER_STARTED");
        assertEquals(List.of(PREFIX + "DR_INIT_STARTED"), ids(init));
        assertTrue(JobChanges.statusSeen(init.next(), "INCRE_TRANSFER_STARTED").events().isEmpty());

        KnownJob migration = JobChanges.listed(null, listedAs("migration", "CONFIGURATION"), PrecheckMode.OBSERVE).next();
        assertEquals(List.of(JobEventType.JOB_STARTED), types(JobChanges.statusSeen(migration, "INCRE_TRANSFER_STARTED")));
    }

    @Test
    void aJobFirstSeenRunningIsCreatedAndStartedInOneRound() {
        JobChanges.Change change = JobChanges.listed(null, listedAs("cloudDataGuard", "INCRE_TRANSFER_STARTED"), PrecheckMode.OBSERVE);
        assertEquals(List.of(PREFIX + "JOB_CREATED", PREFIX + "DR_INIT_STARTED"), ids(change));
    }

    @Test
    void deletedOrReleasedEndsTheJobAndAJobAlreadyEndedIsNotFollowed() {
        KnownJob known = JobChanges.listed(null, listedAs("migration", "INCRE_TRANSFER_STARTED"), PrecheckMode.OBSERVE).next();
        JobChanges.Change deleted = JobChanges.statusSeen(known, "DELETED");
        assertEquals(List.of(PREFIX + "JOB_DELETED"), ids(deleted));
        assertNull(deleted.next(), "forgotten: its state is tombstoned");
        assertEquals(List.of(PREFIX + "JOB_DELETED"), ids(JobChanges.statusSeen(known, "RELEASE_RESOURCE_COMPLETE")));
        JobChanges.Change ended = JobChanges.listed(null, listedAs("migration", "DELETED"), PrecheckMode.OBSERVE);
        assertTrue(ended.events().isEmpty());
        assertFalse(ended.changed());
    }

    @Test
    void aJobMissingFromTwoListingsInARowIsDeletedAndOneListingBackResetsTheCount() {
        KnownJob known = JobChanges.listed(null, listedAs("migration", "CONFIGURATION"), PrecheckMode.OBSERVE).next();
        JobChanges.Change once = JobChanges.notListed(known);
        assertTrue(once.events().isEmpty());
        assertEquals(1, once.next().missedListings());
        KnownJob back = JobChanges.listed(once.next(), listedAs("migration", "CONFIGURATION"), PrecheckMode.OBSERVE).next();
        assertEquals(0, back.missedListings());
        JobChanges.Change twice = JobChanges.notListed(JobChanges.notListed(back).next());
        assertEquals(List.of(PREFIX + "JOB_DELETED"), ids(twice));
        assertNull(twice.next());
    }

    @Test
    void startModeRequestsOnePrecheckForANewJobInConfigurationAndObserveNone() {
        JobChanges.Change started = JobChanges.listed(null, listedAs("migration", "CONFIGURATION"), PrecheckMode.START);
        assertEquals(List.of(PREFIX + "JOB_CREATED", PREFIX + "PRECHECK_REQUESTED/1"), ids(started));
        assertTrue(JobChanges.listed(started.next(), listedAs("migration", "CONFIGURATION"), PrecheckMode.START).events().isEmpty());
        assertEquals(List.of(JobEventType.JOB_CREATED),
                types(JobChanges.listed(null, listedAs("migration", "INCRE_TRANSFER_STARTED"), PrecheckMode.START)).subList(0, 1));
        assertFalse(types(JobChanges.listed(null, listedAs("migration", "INCRE_TRANSFER_STARTED"), PrecheckMode.START))
                .contains(JobEventType.PRECHECK_REQUESTED), "only a job in CONFIGURATION takes a first pre-check");
        // Our own pre-check is not taken for one started elsewhere.
        assertTrue(JobChanges.precheckSeen(started.next(), running()).events().isEmpty());
    }

    @Test
    void observeFollowsEachPrecheckStartedElsewhereOnce() {
        KnownJob known = JobChanges.listed(null, listedAs("migration", "CONFIGURATION"), PrecheckMode.OBSERVE).next();
        assertTrue(JobChanges.precheckSeen(known, none()).events().isEmpty(), "no pre-check: nothing to follow");
        JobChanges.Change first = JobChanges.precheckSeen(known, running());
        assertEquals(List.of(PREFIX + "PRECHECK_STARTED/1"), ids(first));
        assertTrue(JobChanges.precheckSeen(first.next(), running()).events().isEmpty(), "still the same run");
        KnownJob finished = JobChanges.precheckSeen(first.next(), finished()).next();
        assertTrue(JobChanges.precheckSeen(finished, finished()).events().isEmpty(), "the finished run, seen again");
        assertEquals(List.of(PREFIX + "PRECHECK_STARTED/2"), ids(JobChanges.precheckSeen(finished, running())), "a re-check");
        assertEquals(List.of(PREFIX + "PRECHECK_STARTED/1"), ids(JobChanges.precheckSeen(known, finished())),
                "one that finished before discovery looked is followed once, to read its result");
    }

    @Test
    void subtasksOfADualActiveTaskAreJobsOfTheirOwnNamingTheirParent() {
        KnownJob child = JobChanges.fromListing(PROJECT, new JobInfo("99999999-88ad-43c8-811c-1268453jb102", "orders-backward",
                "CONFIGURATION", "cloudDataGuard-mysql", "down", null, null, null, List.of()), JOB, "cloudDataGuard");
        assertEquals(JOB, child.parentId());
        assertEquals("DR", child.jobType(), "a subtask without db_use_type takes its listing's");
        assertEquals(List.of("discovery/eu-west-101:0a1b2c3d4e5f60718293a4b5c6d7e8f9/99999999-88ad-43c8-811c-1268453jb102/JOB_CREATED"),
                ids(JobChanges.listed(null, child, PrecheckMode.OBSERVE)));
    }

    @Test
    void theStateRoundTripsThroughItsJson() {
        KnownJob known = JobChanges.precheckSeen(JobChanges.listed(null, listedAs("cloudDataGuard", "FULL_TRANSFER_STARTED"),
                PrecheckMode.OBSERVE).next(), running()).next();
        assertEquals(known, KnownJob.fromJson(known.toJson()));
    }

    private static QueryPreCheckResp none() {
        return new QueryPreCheckResp(JOB, null, null, null, null, null, List.of(), "no pre-check", "DRS.M00202");
    }

    private static QueryPreCheckResp running() {
        return new QueryPreCheckResp(JOB, false, "40%", "100%", null, "up", List.of(), null, null);
    }

    private static QueryPreCheckResp finished() {
        return new QueryPreCheckResp(JOB, true, "100%", "100%", null, "up", List.of(), null, null);
    }
}
