package dev.polyglot.hnsw;

import dev.polyglot.StoreConfigurationException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.VectorScores;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VectorStore} port on embedded HNSW graphs, one per collection, kept
 * durable in a directory: per collection a checksummed snapshot and an append-only log of the
 * writes since, replayed on open.
 *
 * <pre>{@code
 * try (HnswVectorStore store = HnswVectorStore.open(Path.of("/var/lib/app/vectors"))) {
 *     VectorCollection docs = store.collection("docs", 384, Metric.COSINE);
 *     docs.upsert(VectorRecord.of("a", embedding, Map.of("lang", "en")));
 *     List<VectorMatch> hits = docs.search(VectorQuery.nearest(query, 10)
 *             .withFilter(Filter.eq("lang", "en"))
 *             .withSearchEffort(128));           // this query's ef
 * }
 * }</pre>
 *
 * <p>Searches are approximate (HNSW), except on collections of at most
 * {@link HnswOptions#exactSearchLimit()} records, when {@code ef} reaches the collection size, and
 * for selective filters, which scan the matching records exactly; scores are always computed
 * exactly, in double precision, from the stored components. Searches run in parallel with each
 * other and with writes, and never return a record whose delete (or replacement) has returned.
 * Graphs grow as needed; one whose deleted share passes {@link HnswOptions#compactionThreshold()}
 * is rebuilt in the background while searches go on. A directory is used by one open store at a
 * time (a lock file enforces it, also across processes).
 */
public final class HnswVectorStore implements VectorStore {
    private static final Logger LOG = LoggerFactory.getLogger(HnswVectorStore.class);
    private static final String LOCK_FILE = "polyglot-hnsw.lock";

    private final @Nullable Path directory;
    private final HnswOptions options;
    private final ConcurrentMap<String, HnswCollection> collections = new ConcurrentHashMap<>();
    private final Object ddl = new Object();
    private final ExecutorService maintenance;
    private final @Nullable ScheduledExecutorService flusher;
    private final @Nullable FileChannel lockChannel;
    private volatile boolean closed;

    private HnswVectorStore(@Nullable Path directory, HnswOptions options, @Nullable FileChannel lockChannel) {
        this.directory = directory;
        this.options = options;
        this.lockChannel = lockChannel;
        String where = directory == null ? "memory" : directory.getFileName() == null ? "/" : directory.getFileName().toString();
        this.maintenance = Executors.newSingleThreadExecutor(r -> daemon(r, "polyglot-hnsw-maintenance-" + where));
        if (directory != null && options.durability() == HnswDurability.BATCHED) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                    r -> daemon(r, "polyglot-hnsw-fsync-" + where));
            long micros = options.batchInterval().toNanos() / 1000;
            timer.scheduleWithFixedDelay(() -> collections.values().forEach(HnswCollection::flush), micros, micros,
                    TimeUnit.MICROSECONDS);
            this.flusher = timer;
        } else {
            this.flusher = null;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Opens (or creates) a store in a directory with the {@linkplain HnswOptions#defaults() default
     * options}: every write fsynced before it returns.
     *
     * @param directory the store's directory; created if missing
     * @return the store, with every collection of the directory loaded
     * @throws IllegalArgumentException for a null directory
     * @throws StoreConfigurationException if a file in the directory is damaged or not the store's
     *     (the message names it), or the directory is open in another store
     * @throws StoreUnavailableException if the directory cannot be read or created
     */
    public static HnswVectorStore open(Path directory) {
        return open(directory, HnswOptions.defaults());
    }

    /**
     * Opens (or creates) a store in a directory.
     *
     * @param directory the store's directory; created if missing
     * @param options the settings; {@link HnswDurability#NONE} is for {@link #inMemory(HnswOptions)}
     * @return the store, with every collection of the directory loaded
     * @throws IllegalArgumentException for a null argument or {@link HnswDurability#NONE}
     * @throws StoreConfigurationException if a file in the directory is damaged or not the store's
     *     (the message names it), or the directory is open in another store
     * @throws StoreUnavailableException if the directory cannot be read or created
     */
    public static HnswVectorStore open(Path directory, HnswOptions options) {
        if (directory == null || options == null) {
            throw new IllegalArgumentException("directory and options must not be null");
        }
        if (options.durability() == HnswDurability.NONE) {
            throw new IllegalArgumentException("durability NONE keeps nothing on disk; use HnswVectorStore.inMemory(options)"
                    + " for a memory-only store, or SYNC or BATCHED with a directory");
        }
        Path dir = directory.toAbsolutePath().normalize();
        FileChannel lockChannel;
        FileLock lock;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot open the HNSW store directory " + dir + ": " + e, e);
        }
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            closeQuietly(lockChannel);
            throw new StoreConfigurationException("the HNSW store directory " + dir
                    + " is already open in this JVM; close that store first or share it", e);
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new StoreUnavailableException("cannot lock the HNSW store directory " + dir + ": " + e, e);
        }
        if (lock == null) {
            closeQuietly(lockChannel);
            throw new StoreConfigurationException("the HNSW store directory " + dir
                    + " is open in another process (it holds " + dir.resolve(LOCK_FILE) + ")", null);
        }
        HnswVectorStore store = new HnswVectorStore(dir, options, lockChannel);
        try {
            store.loadCollections(dir);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Creates a memory-only store with the default graph settings; nothing survives
     * {@link #close()}.
     *
     * @return the store
     */
    public static HnswVectorStore inMemory() {
        return inMemory(HnswOptions.defaults().withDurability(HnswDurability.NONE));
    }

    /**
     * Creates a memory-only store; the options' durability is ignored (nothing is written).
     *
     * @param options the graph settings
     * @return the store
     * @throws IllegalArgumentException for null options
     */
    public static HnswVectorStore inMemory(HnswOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        return new HnswVectorStore(null, options.withDurability(HnswDurability.NONE), null);
    }

    private void loadCollections(Path dir) {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.forEach(entries::add);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot list the HNSW store directory " + dir + ": " + e, e);
        }
        for (Path p : entries) {
            String fileName = p.getFileName().toString();
            if (fileName.equals(LOCK_FILE)) {
                continue;
            }
            if (!Files.isDirectory(p)) {
                throw new StoreConfigurationException("HNSW store file " + p + " is not part of a Polyglot HNSW store"
                        + " (expected one directory per collection); move it elsewhere", null);
            }
            try {
                Ids.requireName(fileName, "collection name");
            } catch (IllegalArgumentException e) {
                throw new StoreConfigurationException("HNSW store directory " + p + " is not a collection: "
                        + e.getMessage(), e);
            }
            try {
                HnswCollection c = HnswCollection.load(fileName, p, options, maintenance);
                if (c == null) {
                    // Its creation was interrupted before it returned: nothing was ever written to it.
                    Files.delete(p);
                } else {
                    collections.put(fileName, c);
                }
            } catch (HnswFileException e) {
                throw new StoreConfigurationException(e.getMessage(), e);
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot read HNSW collection " + p + ": " + e, e);
            }
        }
    }

    /**
     * Returns the store's settings.
     *
     * @return the options
     */
    public HnswOptions options() {
        return options;
    }

    /**
     * Returns the store's directory.
     *
     * @return the directory, or empty for a memory-only store
     */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    @Override
    public VectorCollection collection(String name, int dimensions, Metric metric) {
        checkOpen();
        Ids.requireName(name, "collection name");
        VectorScores.requireDimensions(dimensions);
        if (metric == null) {
            throw new IllegalArgumentException("metric must not be null");
        }
        HnswCollection existing = collections.get(name);
        if (existing == null) {
            synchronized (ddl) {
                checkOpen();
                existing = collections.get(name);
                if (existing == null) {
                    Path dir = directory == null ? null : directory.resolve(name);
                    try {
                        existing = HnswCollection.create(name, dimensions, metric, options, dir, maintenance);
                    } catch (IOException e) {
                        throw new StoreUnavailableException("cannot create HNSW collection \"" + name + "\" in "
                                + directory + ": " + e, e);
                    }
                    collections.put(name, existing);
                }
            }
        }
        requireSettings(existing, dimensions, metric);
        return new HnswVectorCollection(this, name, dimensions, metric);
    }

    @Override
    public boolean dropCollection(String name) {
        checkOpen();
        Ids.requireName(name, "collection name");
        synchronized (ddl) {
            checkOpen();
            if (directory != null && !Files.isDirectory(directory)) {
                throw new StoreUnavailableException("the HNSW store directory " + directory + " is gone",
                        new NoSuchFileException(directory.toString()));
            }
            HnswCollection c = collections.remove(name);
            if (c == null) {
                return false;
            }
            try {
                c.drop();
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot delete the files of HNSW collection \"" + name + "\": " + e, e);
            }
            return true;
        }
    }

    /**
     * Returns this store for its own class.
     *
     * @param type {@code HnswVectorStore.class}
     * @return this store
     * @throws IllegalArgumentException for any other type
     */
    @Override
    public <U> U unwrap(Class<U> type) {
        checkOpen();
        if (type == HnswVectorStore.class) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("HnswVectorStore has no " + (type == null ? "null" : type.getName())
                + "; only HnswVectorStore.class can be unwrapped");
    }

    /**
     * Closes the store: stops background work, writes a snapshot of every collection whose log
     * holds writes, and releases the directory; closing again does nothing.
     */
    @Override
    public void close() {
        List<HnswCollection> all;
        synchronized (ddl) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(collections.values());
        }
        all.forEach(HnswCollection::stopMaintenance);
        maintenance.shutdown();
        if (flusher != null) {
            flusher.shutdown();
        }
        try {
            if (!maintenance.awaitTermination(2, TimeUnit.MINUTES)) {
                LOG.warn("HNSW maintenance of {} did not stop within 2 minutes", directory);
            }
            if (flusher != null) {
                flusher.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (HnswCollection c : all) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.warn("closing HNSW collection {} in {} failed; its log still holds its writes", c.name(), directory, e);
            }
        }
        collections.clear();
        if (lockChannel != null) {
            closeQuietly(lockChannel);
        }
    }

    @Override
    public String toString() {
        return "HnswVectorStore[" + (directory == null ? "memory" : directory.toString()) + ", collections="
                + collections.keySet() + (closed ? ", closed" : "") + "]";
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the vector store is closed");
        }
    }

    /** Finds the collection behind a handle, failing when it was dropped or recreated with other settings. */
    HnswCollection resolve(String name, int dimensions, Metric metric) {
        checkOpen();
        HnswCollection c = collections.get(name);
        if (c == null) {
            throw new StoreConfigurationException("vector collection \"" + name + "\" does not exist; it was dropped", null);
        }
        requireSettings(c, dimensions, metric);
        return c;
    }

    private static void requireSettings(HnswCollection c, int dimensions, Metric metric) {
        if (c.dimensions() != dimensions || c.metric() != metric) {
            throw new StoreConfigurationException("vector collection \"" + c.name() + "\" exists with " + c.dimensions()
                    + " dimensions and metric " + c.metric() + ", not " + dimensions + " dimensions and metric " + metric
                    + "; drop it or use another name", null);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing to do: the lock goes with the channel.
        }
    }
}
