#!/usr/bin/env bash
# Benchmark 1: summaries topology throughput with exactly-once vs a plain consumer and the count floor.
# Usage: bench/topology-throughput.sh [records=1000000] [jobs=100000] [projects=1000]
# Measures on one pre-loaded input: a plain consumer, the summaries, and the EOS groupBy(project).count() floor;
# the last line is "summaries/count-floor R".
exec "$(dirname "$0")/run-java.sh" io.drsmonitor.bench.TopologyThroughputBench "$@"
