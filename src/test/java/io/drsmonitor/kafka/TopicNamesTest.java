package io.drsmonitor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.app.AppConfig;
import io.drsmonitor.app.Settings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Deployment names: the standard one keeps the names users rely on, another one shares none of them. */
class TopicNamesTest {

    @Test
    void theStandardDeploymentHasTheFixedNames() {
        Set<String> names = TopicNames.DEFAULT.applicationTopics(3, (short) 1).stream().map(TopicSpec::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(List.of("drs.job-events", "drs.job-events.dlq", "drs.precheck.submissions", "drs.precheck.results",
                "drs.dr.struct-process", "drs.alerts", "drs.project.precheck-summary", "drs.project.dr-init-summary")), names.toString());
        assertEquals("drs-monitor-collector", TopicNames.DEFAULT.applicationId("collector"));
        assertEquals("drs-monitor-summaries", TopicNames.DEFAULT.applicationId("summaries"));
    }

    @Test
    void anotherDeploymentSharesNoTopicOrGroup() {
        TopicNames blue = new TopicNames("blue");
        Set<String> standard = TopicNames.DEFAULT.applicationTopics(3, (short) 1).stream().map(TopicSpec::name).collect(Collectors.toSet());
        List<TopicSpec> topics = blue.applicationTopics(3, (short) 1);
        assertEquals(standard.size(), topics.size());
        for (TopicSpec topic : topics) {
            assertTrue(topic.name().startsWith("blue.") && !standard.contains(topic.name()), topic.name());
        }
        assertEquals("blue.job-events", blue.jobEvents());
        assertEquals("blue-monitor-alerts-slack", blue.applicationId("alerts-slack"));
    }

    @Test
    void aNameThatCannotBeATopicPrefixIsRefusedWithTheSetting() {
        for (String bad : new String[] {"", "Blue", "1st", "a.b", "a_b", "x".repeat(33)}) {
            assertThrows(IllegalArgumentException.class, () -> new TopicNames(bad), bad);
            AppConfig.ConfigError error = assertThrows(AppConfig.ConfigError.class,
                    () -> AppConfig.of(Map.of(Settings.DEPLOYMENT_NAME, bad)), bad);
            assertTrue(error.getMessage().contains(Settings.DEPLOYMENT_NAME), error.getMessage());
        }
        assertEquals("green-2", AppConfig.of(Map.of(Settings.DEPLOYMENT_NAME, "green-2")).topicNames().deployment());
    }
}
