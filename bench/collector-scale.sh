#!/usr/bin/env bash
# Benchmarks 2-4: collector at scale against the simulator (50 ms added latency), latency to the
# query API, memory, then a bounded load on the query API.
# Usage: bench/collector-scale.sh [jobs=10000] [projects=100] [precheckSeconds=60] [batchSize=100] [loadSeconds=20] [connections=16]
exec "$(dirname "$0")/run-java.sh" io.drsmonitor.bench.CollectorScaleBench "$@"
