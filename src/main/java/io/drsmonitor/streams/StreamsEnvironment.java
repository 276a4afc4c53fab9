package io.drsmonitor.streams;

import io.drsmonitor.kafka.TopicNames;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What every Kafka Streams application of one drs-monitor instance shares: its clients' settings,
 * the registry's, where state lives, and the deployment's names.
 *
 * @param kafka             bootstrap servers and client settings (security...), overriding an application's defaults
 * @param serde             schema registry settings
 * @param stateDir          the instance's state directory; each application keeps its state under its own sub-directory
 * @param replicationFactor of the internal topics Kafka Streams creates
 * @param standbyReplicas   of the stores of applications that serve queries
 * @param applicationServer host:port of this instance's query API, for applications that serve queries
 * @param names             the deployment's topics and application ids
 */
public record StreamsEnvironment(Map<String, Object> kafka, Map<String, Object> serde, Path stateDir, short replicationFactor,
                                 int standbyReplicas, Optional<String> applicationServer, TopicNames names) {

    /** One replica, no standbys, no query API, the standard names. */
    public static StreamsEnvironment of(Map<String, Object> kafka, Map<String, Object> serde, Path stateDir) {
        return new StreamsEnvironment(kafka, serde, stateDir, (short) 1, 0, Optional.empty(), TopicNames.DEFAULT);
    }

    public StreamsEnvironment withReplication(short factor, int standbys) {
        return new StreamsEnvironment(kafka, serde, stateDir, factor, standbys, applicationServer, names);
    }

    public StreamsEnvironment withApplicationServer(String hostAndPort) {
        return new StreamsEnvironment(kafka, serde, stateDir, replicationFactor, standbyReplicas, Optional.of(hostAndPort), names);
    }

    public StreamsEnvironment withNames(TopicNames deployment) {
        return new StreamsEnvironment(kafka, serde, stateDir, replicationFactor, standbyReplicas, applicationServer, deployment);
    }


    @Override
    public String toString() {
        return "StreamsEnvironment[stateDir=" + stateDir + ", names=" + names.deployment() + "]"; // client settings may hold secrets
    }
}
