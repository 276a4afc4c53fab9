package io.drsmonitor.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.model.PrecheckSubmission;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.TrackedJob;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.drsmonitor.streams.state.ProjectDelta;
import io.drsmonitor.streams.state.ProjectTotals;

/**
 * Every schema in avro/ must stay BACKWARD compatible with each released version kept under
 * avro-history/: today's readers must read everything ever written.
 */
class SchemaHistoryTest {
    /** Each topic record type and how many released versions it has. */
    static Stream<Object[]> releasedVersions() {
        List<Object[]> cases = new ArrayList<>();
        for (Schema current : List.of(JobEvent.getClassSchema(), PrecheckSubmission.getClassSchema(),
                PrecheckResult.getClassSchema(), StructProcess.getClassSchema(), CheckAlert.getClassSchema(),
                ProjectPrecheckSummary.getClassSchema(), ProjectDrInitSummary.getClassSchema(), TrackedJob.getClassSchema(),
                // The summaries' own state and repartition records: restored from changelogs written by older versions.
                PrecheckJobState.getClassSchema(), DrJobState.getClassSchema(),
                ProjectTotals.getClassSchema(), ProjectDelta.getClassSchema(),
                PrecheckRun.getClassSchema())) {
            for (int version = 1; ; version++) {
                Schema released = released(current.getName(), version);
                if (released == null) {
                    cases.add(new Object[] {current.getName(), version - 1, null, null});
                    break;
                }
                cases.add(new Object[] {current.getName(), version, current, released});
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} reads data written with v{1}")
    @MethodSource("releasedVersions")
    void currentSchemaReadsEveryReleasedVersion(String name, int version, Schema current, Schema released) {
        if (current == null) {
            assertTrue(version >= 1, name + " has no released version under avro-history/: add " + name + ".v1.avsc");
            return;
        }
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, result.getType(),
                () -> name + " is not BACKWARD compatible with v" + version + ": " + result.getResult().getIncompatibilities());
    }

    @Test
    void theCheckCatchesARequiredFieldAddedWithoutDefault() {
        Schema released = released("JobEvent", 1);
        String broken = JobEvent.getClassSchema().toString()
                .replace("\"fields\":[", "\"fields\":[{\"name\":\"tenant\",\"type\":\"string\"},");
        Schema incompatible = new Schema.Parser().parse(broken);
        assertFalse(SchemaCompatibility.checkReaderWriterCompatibility(incompatible, released).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    private static Schema released(String name, int version) {
        try (InputStream in = SchemaHistoryTest.class.getResourceAsStream("/avro-history/" + name + ".v" + version + ".avsc")) {
            return in == null ? null : new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
