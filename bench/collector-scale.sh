#!/usr/bin/env bash
# Benchmarks 2-4: collector at scale against the simulator (50 ms added latency), latency to the
# query API, memory, then a bounded load on the query API.
# Usage: bench/collector-scale.sh [jobs=10000] [projects=100] [precheckSeconds=60] [batchSize=100] [loadSeconds=20] [connections=16]
#        bench/collector-scale.sh state [active=1000] [tracked=10000 100000]   (heap per tracked job, tick time; no broker)
if [ "${1:-}" = "state" ]; then
  shift
  exec "$(dirname "$0")/run-java.sh" io.drsmonitor.bench.CollectorStateBench "$@"
fi
exec "$(dirname "$0")/run-java.sh" io.drsmonitor.bench.CollectorScaleBench "$@"
