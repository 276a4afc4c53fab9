#!/usr/bin/env bash
# Runs one benchmark main class from the test classes with the project's classpath.
# Usage: bench/run-java.sh <main class> [args...]   (KAFKA_BOOTSTRAP_SERVERS selects an external cluster)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/bench.classpath ] || [ pom.xml -nt target/bench.classpath ] || [ -n "$(find src -newer target/bench.classpath -name '*.java' | head -1)" ]; then
  mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
exec java ${BENCH_JAVA_OPTS:-} -Xms512m -Xmx4g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  -Dlogback.configurationFile=src/test/resources/logback-test.xml "$@"
