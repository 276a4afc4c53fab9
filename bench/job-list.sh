#!/usr/bin/env bash
# Benchmark 5: the job lists on one instance. Pre-loads the jobs' snapshots, starts the summaries and the query API, then
# measures requests/s of GET /api/projects/{id}/jobs?limit=100 beside GET /health, and the p50/p99 latency of
# GET /api/jobs?state=failed&limit=100 over every job.
# Usage: bench/job-list.sh [jobs=100000] [perProject=1000] [seconds=20] [connections=8] [latencySamples=200]
exec "$(dirname "$0")/run-java.sh" io.drsmonitor.bench.JobListBench "$@"
