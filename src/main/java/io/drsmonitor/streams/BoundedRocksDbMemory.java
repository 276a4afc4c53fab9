package io.drsmonitor.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One off-heap memory budget for every RocksDB store of the process (both Kafka Streams apps, all
 * tasks): a shared block cache that also holds index and filter blocks, and memtables counted
 * against it, as Kafka Streams' memory-management guide describes. Without it each store takes its
 * own 50 MB block cache and 3 x 16 MB memtables, so memory grows with stores x partitions.
 *
 * <p>The budget is the Streams config {@value #MEMORY_BYTES} ({@link #DEFAULT_MEMORY_BYTES} when
 * absent), read from the first store opened: the cache is shared by the whole JVM.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    public static final String MEMORY_BYTES = "drsmonitor.rocksdb.memory.bytes";
    public static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;
    /** Share of the budget memtables may take; the rest caches blocks. */
    private static final double MEMTABLE_SHARE = 0.25;
    /** Share of the cache kept for index and filter blocks (high priority), so data blocks cannot evict them. */
    private static final double INDEX_FILTER_SHARE = 0.1;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long budget;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        shared(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        // Small memtables: the stores are many and each flushes often enough at this size.
        options.setWriteBufferSize(Math.max(1L << 20, (long) (budget * MEMTABLE_SHARE / 8)));
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    private static synchronized void shared(Map<String, Object> configs) {
        if (cache != null) {
            return;
        }
        Object configured = configs.get(MEMORY_BYTES);
        budget = configured == null ? DEFAULT_MEMORY_BYTES : Long.parseLong(configured.toString());
        cache = new LRUCache(budget, -1, false, INDEX_FILTER_SHARE);
        writeBuffers = new WriteBufferManager((long) (budget * MEMTABLE_SHARE), cache);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared by every store of the process: never closed here.
    }
}
