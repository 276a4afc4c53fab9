/**
 * The only code of drs-monitor that uses Kafka's internal packages ({@code org.apache.kafka..internals..}),
 * on which the summaries' exactly-once rests. Kafka promises none of it; {@code ArchitectureTest} keeps
 * every other package off those packages, and this one for {@code io.drsmonitor.streams} alone.
 *
 * <h2>What it relies on (checked against Kafka Streams 4.3.1)</h2>
 * <ol>
 *   <li><b>A task's commit flushes its store caches before its transaction ends.</b> The commit of an
 *   active task is {@code StreamTask.prepareCommit(boolean)}, then
 *   {@code TaskExecutor.commitOffsetsOrTransaction} ({@code StreamsProducer.commitTransaction(offsets, ...)}
 *   under exactly-once v2), then {@code StreamTask.postCommit(boolean)}; the same order holds when
 *   partitions are revoked ({@code TaskManager.handleRevocation}) and when a task closes clean.
 *   {@code prepareCommit} (when the task processed or punctuated since its last commit) calls
 *   {@code StreamTask.flush()}: {@code ProcessorStateManager.flushCache()}, which calls
 *   {@code flushCache()} on every registered store that is an {@code instanceof} {@code CachedStateStore}
 *   (package {@code org.apache.kafka.streams.state.internals}), then {@code RecordCollector.flush()}.
 *   That is how Kafka's own record caches emit KTable updates (their {@code CacheFlushListener} forwards
 *   what the flush evicts); our stores need no listener ({@code setFlushListener} answers false), they act
 *   in {@code flushCache()} itself. What is forwarded or written there is sent in the transaction that
 *   commits the input offsets behind it.</li>
 *   <li><b>The store Kafka checks is ours, unwrapped.</b> {@link CommitHookStore}, {@link WriteBackStore}
 *   and {@link ObjectStore} come from our own
 *   {@code StoreBuilder}, whose {@code build()} Kafka uses as is (no metering layer around it), and they
 *   register themselves ({@code context.register(root, ...)}), so the {@code instanceof} check above
 *   sees them.</li>
 *   <li><b>Forwarding outside {@code process()}.</b> {@link CommitHookStore} casts the processor's
 *   context to {@code InternalProcessorContext} (package
 *   {@code org.apache.kafka.streams.processor.internals}) and, around the hook, sets the processor's
 *   {@code ProcessorNode} as current node and a {@code ProcessorRecordContext} without input record
 *   (offset -1, partition -1, no topic, empty {@code RecordHeaders}): what {@code StreamTask.punctuate}
 *   sets for a punctuation, so {@code ProcessorContextImpl.forward} sends to that processor's
 *   children.</li>
 *   <li><b>Plain flushes come late.</b> {@code StateStore.flush()} (4.3: {@code commit(Map)}, which calls
 *   it) is called at checkpoints ({@code AbstractTask.maybeCheckpoint} from {@code postCommit}): after
 *   the transaction, and under exactly-once not at every commit. {@link WriteBackStore} and
 *   {@link ObjectStore} therefore write their changed objects in {@code flushCache()}; {@code clearCache()}
 *   is called when a task's stores are recycled ({@code ProcessorStateManager.recycle}), after a commit.</li>
 *   <li><b>A store's bytes under its metering layer.</b> {@link EncodedStore} writes a typed store from
 *   {@code Stores.keyValueStoreBuilder} (caching disabled) as bytes: it unwraps the processor's
 *   read-write decorator and the {@code MeteredKeyValueStore} (both {@code WrappedStateStore}s; the
 *   metering layer holds the serdes) down to the {@code KeyValueStore<Bytes, byte[]>} below, the
 *   {@code ChangeLoggingKeyValueBytesStore} around the inner store, which logs what it is given. A layering
 *   it does not find fails the task's start, not a write.</li>
 *   <li><b>A store that logs its own writes.</b> {@link ObjectStore} is built as is (its builder's
 *   {@code build()}, no layer around it) with {@code loggingEnabled()} true, so Kafka Streams creates and
 *   registers its changelog and restores it through the callback it registers. It casts the
 *   {@code StateStoreContext} its {@code init} gets to {@code InternalProcessorContext} (the
 *   {@code ProcessorContextImpl} of the task) and, in {@code flushCache()} (item 1), sends each value
 *   written since the last commit as Kafka's {@code ChangeLoggingKeyValueBytesStore} does:
 *   {@code logChange(name, key, value, timestamp, new RecordHeaders(), position)}, with the timestamp of the
 *   record that wrote it last (kept with the entry; {@code logChange} reads no record context), into the
 *   task's producer and so its transaction; the topic name given
 *   to the value serde is {@code changelogFor(name)}, as the metering layer gives it. Interactive queries
 *   find it as a {@code ReadOnlyKeyValueStore} ({@code QueryableStoreTypes.keyValueStore()} accepts any),
 *   and {@code ProcessorContext#getStateStore} hands it to processors undecorated (it is no
 *   {@code KeyValueStore}).</li>
 * </ol>
 *
 * <h2>Why (BENCHMARKS.md, benchmark 1)</h2>
 * <ul>
 *   <li>The map-side combine ({@code DeltaCombiner}) cut the repartition topic from 386,005 to about
 *   42,000 records per 1,000,000 snapshots. Its deltas first waited in a changelogged store
 *   ({@code pending-project-deltas}) and left on a wall-clock punctuation.</li>
 *   <li>Forwarding them at every commit from the heap ({@link CommitHookStore}) removed that store and
 *   its changelog, and carries one record per project and commit: 12,000–14,600 repartition records per
 *   1,000,000 snapshots, was 40,000–44,000. The session that made this change, together with per-job
 *   states on a hash map, cheaper Avro serdes, quicker starts and one internal topic fewer for stalls,
 *   took R (summaries / count floor) from 0.496 to 0.622 (a second run: 0.675) at 200,000 snapshots and
 *   from 0.525 to 0.562 (0.548) at 1,000,000; the figures are for those changes together, not for the
 *   hook alone.</li>
 *   <li>{@link WriteBackStore}: before it, 36 % of the stream threads' samples were in the project
 *   summarizer, mostly serializing the totals on every delta; now they are serialized once per
 *   commit.</li>
 *   <li>{@link ObjectStore} logging each changed job once per commit instead of on every snapshot (the
 *   changelog send and the encode were 12 % of the stream threads' samples): summaries from 79,715–82,920
 *   to 84,770 records/s in the run right after, at 1,000,000 snapshots.</li>
 * </ul>
 *
 * <h2>Could Kafka's public API give the same guarantee?</h2>
 * The guarantee is: at every commit, nothing derived from the input it commits is left on the heap (the
 * combiner's deltas are sent, the totals' and the per-job states' changed objects written to their changelogs). No public hook
 * runs inside a commit before its transaction ends, so the internals stay:
 * <ul>
 *   <li>A punctuator ({@code WALL_CLOCK_TIME} or {@code STREAM_TIME}) runs between records on its own
 *   schedule, not at commits: what is folded after the last punctuation is on the heap when the commit
 *   interval commits its input, and a crash loses it. Exact only with the pending deltas in a changelogged
 *   store: the previous design, one more internal topic, and its store was a {@link WriteBackStore}, on
 *   the same cache flush (a public store serializes every change). {@code context.commit()} only asks
 *   for a commit, which comes after more records; the project side asking for one after each delta
 *   measured R 0.33.</li>
 *   <li>{@code Processor#close} runs when the task closes, not at each commit.</li>
 *   <li>{@code StateStore.flush()} / {@code commit(Map)} run after the transaction (item 4 above):
 *   {@code SummaryOracle} caught totals written only at checkpoints, which a crash lost.</li>
 *   <li>Kafka's record cache ({@code withCachingEnabled()}, flushed at commit) would be public, but it
 *   holds serialized bytes (a decode and an encode per change, the cost behind the 36 % above) in a
 *   budget shared with the other stores, and for the combiner a cached aggregate keeps a running value
 *   with its own changelog rather than a delta that leaves and is forgotten.</li>
 * </ul>
 * A redesign needs a benchmark first ({@code bench/topology-throughput.sh}, R at both sizes) and
 * {@code SummaryKillIT}.
 *
 * <h2>On a Kafka upgrade</h2>
 * <ol>
 *   <li>{@code CommitOrderPinTest} fails on any other Kafka version than the one it pins: read this note,
 *   go through this list, then move the pin.</li>
 *   <li>Run {@code CommitOrderPinTest} (the commit hook forwards, and the write-back and object stores log,
 *   in the commit of the input behind them), {@code SummaryTopologyTest} and {@code SummaryOracleTest} (with the
 *   commit hook disabled all 21 of their TopologyTestDriver tests fail), {@code ArchitectureTest}, and the
 *   failsafe IT {@code SummaryKillIT} (SIGKILL mid-backlog, every summary against the oracle).</li>
 *   <li>Read in Kafka's source: {@code StreamTask.prepareCommit}, {@code flush}, {@code postCommit} and
 *   {@code punctuate}; {@code ProcessorStateManager.flushCache} (the {@code CachedStateStore} check) and
 *   {@code recycle}; {@code TaskExecutor.commitTasksAndMaybeUpdateCommittableOffsets} and
 *   {@code commitOffsetsOrTransaction}; {@code TaskManager.handleRevocation} and the clean close;
 *   {@code ProcessorContextImpl.forward}; {@code AbstractTask.maybeCheckpoint}; the signatures of
 *   {@code CachedStateStore}, {@code CacheFlushListener}, {@code InternalProcessorContext},
 *   {@code ProcessorRecordContext} and {@code ProcessorNode}.</li>
 *   <li>Read the release notes for changes to commits and state stores (transactional state stores,
 *   KIP-892; store caches decoupled from emitting, which a comment in {@code StreamTask.prepareCommit}
 *   anticipates in 4.0's source): either may move or remove the cache flush this package hooks
 *   into.</li>
 * </ol>
 */
package io.drsmonitor.streams.internals;
