#!/usr/bin/env bash
# Benchmark 1: summaries topology throughput with exactly-once vs a plain consumer.
# Usage: bench/topology-throughput.sh [records=1000000] [jobs=100000] [projects=1000]
exec "$(dirname "$0")/run-java.sh" io.drsmonitor.bench.TopologyThroughputBench "$@"
