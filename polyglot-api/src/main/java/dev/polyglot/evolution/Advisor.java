package dev.polyglot.evolution;

import dev.polyglot.Port;
import dev.polyglot.metrics.DocumentCollectionSnapshot;
import dev.polyglot.metrics.MetricsSnapshot;
import dev.polyglot.metrics.OperationSnapshot;
import dev.polyglot.metrics.PortSnapshot;
import dev.polyglot.metrics.TransactionSnapshot;
import dev.polyglot.metrics.VectorCollectionSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies the stage table to measured figures and says, per port, whether to stay or what to
 * move, with the number that triggered it.
 *
 * <pre>{@code
 * try (Polyglot polyglot = Polyglot.fromProperties(config)) {
 *     ... run the application ...
 *     AdvisorReport report = Advisor.withDefaults().advise(polyglot.metrics());
 *     System.out.println(report.toText());
 *     report.writeHtml(Path.of("polyglot-report.html"));
 * }
 * }</pre>
 *
 * <p>The rules and their default thresholds (each configurable on the {@link Builder}):
 * <ul>
 *   <li>Cache reads ({@code get}, {@code getAll}, {@code getOrLoad}, {@code ttl}) with p99 above
 *       10 ms on a store that is neither Redis nor in-process → move the Cache port to Redis.
 *   <li>Vector {@code search} with p99 above 100 ms, or a collection above the exact-scan limit
 *       (75,000 vectors of 128 dimensions, where PostgreSQL's exact scan passed 100 ms p99 on a
 *       2-core machine; scaled by dimensions, since the scan's cost grows with rows × dimensions),
 *       on an exact-scan adapter (in-memory, PostgreSQL) → move the Vector port to HNSW.
 *   <li>A document collection with 20 or more distinct top-level key sets among its written
 *       documents, or 3 or more upcasters, or upcasters running at least once per two reads →
 *       consider MongoDB. On PostgreSQL, document {@code update}s taking 60 % or more of the
 *       Document port's write time with p99 above 10 ms (JSONB rewrites the whole document) →
 *       consider MongoDB.
 *   <li>5 % or more of transactions retried after serialization failures or deadlocks → fix the
 *       contention or indexing before adding any store.
 * </ul>
 * Latency rules need at least {@code minimumSamples} (default 100) operations, so a handful of cold
 * calls does not move a port. With nothing over a threshold the advice is to stay where you are.
 */
public final class Advisor {
    private static final Set<String> CACHE_READS = Set.of("get", "getAll", "getOrLoad", "ttl");
    private static final Set<String> DOCUMENT_WRITES = Set.of("insert", "put", "update", "delete");

    private final Duration cacheReadP99;
    private final Duration vectorSearchP99;
    private final long exactScanVectors;
    private final int exactScanDimensions;
    private final int distinctKeySets;
    private final int upcasters;
    private final double upcastsPerRead;
    private final double updateShareOfWriteTime;
    private final Duration updateP99;
    private final double retryRate;
    private final long minimumSamples;

    private Advisor(Builder builder) {
        this.cacheReadP99 = builder.cacheReadP99;
        this.vectorSearchP99 = builder.vectorSearchP99;
        this.exactScanVectors = builder.exactScanVectors;
        this.exactScanDimensions = builder.exactScanDimensions;
        this.distinctKeySets = builder.distinctKeySets;
        this.upcasters = builder.upcasters;
        this.upcastsPerRead = builder.upcastsPerRead;
        this.updateShareOfWriteTime = builder.updateShareOfWriteTime;
        this.updateP99 = builder.updateP99;
        this.retryRate = builder.retryRate;
        this.minimumSamples = builder.minimumSamples;
    }

    /**
     * Returns an advisor with the default thresholds listed on this class.
     *
     * @return the advisor
     */
    public static Advisor withDefaults() {
        return builder().build();
    }

    /**
     * Starts a builder whose thresholds are the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies every rule to the figures of every port.
     *
     * @param metrics the measured figures, such as {@code polyglot.metrics()}
     * @return the advice per port
     * @throws IllegalArgumentException if the figures are null
     */
    public AdvisorReport advise(MetricsSnapshot metrics) {
        if (metrics == null) {
            throw new IllegalArgumentException("metrics must not be null");
        }
        List<PortAdvice> ports = new ArrayList<>();
        for (PortSnapshot port : metrics.ports()) {
            List<Recommendation> recommendations = switch (port.port()) {
                case TRANSACTIONAL -> transactional(port);
                case DOCUMENT -> document(port);
                case CACHE -> cache(port);
                case VECTOR -> vector(port);
            };
            ports.add(new PortAdvice(port, recommendations));
        }
        return new AdvisorReport(metrics.takenAt(), ports, this);
    }

    /**
     * Returns the exact-scan limit for vectors of the given dimensions: the configured number of
     * vectors at the configured dimensions, scaled so that rows × dimensions stays the same.
     *
     * @param dimensions the collection's dimensions
     * @return the largest collection an exact scan searches within the threshold
     */
    public long exactScanLimit(int dimensions) {
        return Math.max(1, exactScanVectors * exactScanDimensions / Math.max(1, dimensions));
    }

    /** Returns the latency threshold the report's chart marks for a port, if any. */
    Duration chartThreshold(Port port) {
        return switch (port) {
            case CACHE -> cacheReadP99;
            case VECTOR -> vectorSearchP99;
            case DOCUMENT -> updateP99;
            case TRANSACTIONAL -> Duration.ZERO;
        };
    }

    private List<Recommendation> cache(PortSnapshot port) {
        List<Recommendation> found = new ArrayList<>();
        String family = family(port.adapter());
        if (family.equals("redis") || family.equals("memory")) {
            return found;
        }
        OperationSnapshot reads = port.combined("reads", CACHE_READS);
        if (reads.count() >= minimumSamples && reads.p99Nanos() > cacheReadP99.toNanos()) {
            found.add(new Recommendation(AdviceRule.CACHE_READS_SLOW, "move the Cache port to Redis",
                    "set polyglot.cache.uri=redis://host:6379 and add dev.polyglot:polyglot-redis",
                    "cache read p99 " + millis(reads.p99Nanos()) + " > " + millis(cacheReadP99.toNanos()) + " on "
                            + port.adapter() + " (" + count(reads.count()) + " reads)",
                    reads.p99Nanos() / 1e6, cacheReadP99.toNanos() / 1e6, "ms"));
        }
        return found;
    }

    private List<Recommendation> vector(PortSnapshot port) {
        List<Recommendation> found = new ArrayList<>();
        String family = family(port.adapter());
        if (!family.equals("memory") && !family.equals("postgresql")) {
            return found;
        }
        String change = "set polyglot.vector.uri=hnsw:/path/to/index-directory and add dev.polyglot:polyglot-vector";
        OperationSnapshot search = port.combined("search", Set.of("search"));
        if (search.count() >= minimumSamples && search.p99Nanos() > vectorSearchP99.toNanos()) {
            found.add(new Recommendation(AdviceRule.VECTOR_SEARCH_SLOW, "move the Vector port to HNSW", change,
                    "vector search p99 " + millis(search.p99Nanos()) + " > " + millis(vectorSearchP99.toNanos())
                            + " on an exact scan (" + port.adapter() + ", " + count(search.count()) + " searches)",
                    search.p99Nanos() / 1e6, vectorSearchP99.toNanos() / 1e6, "ms"));
        }
        VectorCollectionSnapshot largest = null;
        for (VectorCollectionSnapshot collection : port.vectorCollections()) {
            if (collection.count() > exactScanLimit(collection.dimensions())
                    && (largest == null || collection.count() * collection.dimensions() > largest.count() * largest.dimensions())) {
                largest = collection;
            }
        }
        if (largest != null) {
            long limit = exactScanLimit(largest.dimensions());
            found.add(new Recommendation(AdviceRule.VECTOR_COLLECTION_PAST_EXACT_SCAN, "move the Vector port to HNSW", change,
                    "collection " + largest.name() + " holds " + count(largest.count()) + " vectors of " + largest.dimensions()
                            + " dimensions > the exact-scan limit of " + count(limit) + " at that size",
                    largest.count(), limit, "vectors"));
        }
        return found;
    }

    private List<Recommendation> document(PortSnapshot port) {
        List<Recommendation> found = new ArrayList<>();
        String family = family(port.adapter());
        if (family.equals("mongodb")) {
            return found;
        }
        String change = "set polyglot.document.uri=mongodb://host:27017/app and add dev.polyglot:polyglot-mongo";
        DocumentCollectionSnapshot shapes = null;
        DocumentCollectionSnapshot upcasting = null;
        for (DocumentCollectionSnapshot collection : port.documentCollections()) {
            if (collection.distinctKeySets() >= distinctKeySets
                    && (shapes == null || collection.distinctKeySets() > shapes.distinctKeySets())) {
                shapes = collection;
            }
            boolean upcasts = collection.upcasters() >= upcasters
                    || (collection.reads() >= minimumSamples && collection.upcastsPerRead() >= upcastsPerRead);
            if (upcasts && (upcasting == null || collection.upcasters() > upcasting.upcasters())) {
                upcasting = collection;
            }
        }
        if (shapes != null) {
            found.add(new Recommendation(AdviceRule.DOCUMENT_SHAPES_VARY, "consider moving the Document port to MongoDB", change,
                    "collection " + shapes.name() + " was written with " + shapes.distinctKeySets()
                            + (shapes.distinctKeySets() >= DocumentCollectionSnapshot.KEY_SET_LIMIT ? " or more" : "")
                            + " distinct top-level key sets >= " + distinctKeySets + " (" + count(shapes.writes()) + " writes)",
                    shapes.distinctKeySets(), distinctKeySets, "key sets"));
        }
        if (upcasting != null) {
            boolean byCount = upcasting.upcasters() >= upcasters;
            found.add(new Recommendation(AdviceRule.DOCUMENT_UPCASTERS, "consider moving the Document port to MongoDB", change,
                    byCount
                            ? "collection " + upcasting.name() + " has " + upcasting.upcasters() + " upcasters >= " + upcasters
                            : "collection " + upcasting.name() + " ran upcasters " + String.format(Locale.ROOT, "%.2f",
                                    upcasting.upcastsPerRead()) + " times per read >= " + upcastsPerRead,
                    byCount ? upcasting.upcasters() : upcasting.upcastsPerRead(), byCount ? upcasters : upcastsPerRead,
                    byCount ? "upcasters" : "upcasts per read"));
        }
        if (family.equals("postgresql")) {
            OperationSnapshot writes = port.combined("writes", DOCUMENT_WRITES);
            OperationSnapshot updates = port.combined("update", Set.of("update"));
            double share = writes.totalNanos() == 0 ? 0 : (double) updates.totalNanos() / writes.totalNanos();
            if (updates.count() >= minimumSamples && share >= updateShareOfWriteTime && updates.p99Nanos() > updateP99.toNanos()) {
                found.add(new Recommendation(AdviceRule.DOCUMENT_UPDATES_DOMINATE, "consider moving the Document port to MongoDB",
                        change, "JSONB updates take " + percent(share) + " of document write time >= " + percent(updateShareOfWriteTime)
                                + ", with update p99 " + millis(updates.p99Nanos()) + " > " + millis(updateP99.toNanos()) + " ("
                                + count(updates.count()) + " updates)",
                        share * 100, updateShareOfWriteTime * 100, "%"));
            }
        }
        return found;
    }

    private List<Recommendation> transactional(PortSnapshot port) {
        List<Recommendation> found = new ArrayList<>();
        TransactionSnapshot tx = port.transactions();
        if (tx.transactions() >= minimumSamples && tx.retryRate() >= retryRate) {
            found.add(new Recommendation(AdviceRule.TRANSACTION_RETRIES,
                    "fix contention or indexing before adding any store",
                    "find the rows many transactions update at once (hot counters, missing indexes that widen "
                            + "SERIALIZABLE predicate locks); a new store will not remove the conflicts",
                    percent(tx.retryRate()) + " of transactions were retried >= " + percent(retryRate) + " ("
                            + count(tx.retriedTransactions()) + " of " + count(tx.transactions()) + ", " + count(tx.retries())
                            + " retries, " + count(tx.conflicts()) + " gave up)",
                    tx.retryRate() * 100, retryRate * 100, "%"));
        }
        return found;
    }

    /** Maps an adapter's name (a URI scheme or a store's class name) to the store it runs on. */
    static String family(String adapter) {
        String name = adapter.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return "postgresql";
        }
        if (name.contains("redis")) {
            return "redis";
        }
        if (name.contains("mongo")) {
            return "mongodb";
        }
        if (name.contains("hnsw")) {
            return "hnsw";
        }
        if (name.equals("memory") || name.contains("inmemory")) {
            return "memory";
        }
        return name;
    }

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        if (ms >= 1) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.3f ms", ms);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Sets the advisor's thresholds; every one starts at the default named on {@link Advisor}. */
    public static final class Builder {
        private Duration cacheReadP99 = Duration.ofMillis(10);
        private Duration vectorSearchP99 = Duration.ofMillis(100);
        private long exactScanVectors = 75_000;
        private int exactScanDimensions = 128;
        private int distinctKeySets = 20;
        private int upcasters = 3;
        private double upcastsPerRead = 0.5;
        private double updateShareOfWriteTime = 0.6;
        private Duration updateP99 = Duration.ofMillis(10);
        private double retryRate = 0.05;
        private long minimumSamples = 100;

        private Builder() {
        }

        /**
         * Sets the cache read p99 above which a non-Redis cache should move to Redis.
         *
         * @param p99 the threshold, positive
         * @return this builder
         */
        public Builder cacheReadP99(Duration p99) {
            cacheReadP99 = positive(p99, "cache read p99");
            return this;
        }

        /**
         * Sets the vector search p99 above which an exact scan should move to HNSW.
         *
         * @param p99 the threshold, positive
         * @return this builder
         */
        public Builder vectorSearchP99(Duration p99) {
            vectorSearchP99 = positive(p99, "vector search p99");
            return this;
        }

        /**
         * Sets the exact-scan limit: how many vectors of how many dimensions an exact scan
         * searches within the search threshold (scaled by rows × dimensions for other sizes).
         *
         * @param vectors the number of vectors, positive
         * @param dimensions at this many dimensions, positive
         * @return this builder
         */
        public Builder exactScanLimit(long vectors, int dimensions) {
            if (vectors < 1 || dimensions < 1) {
                throw new IllegalArgumentException("exact-scan limit needs positive vectors and dimensions, got " + vectors
                        + " x " + dimensions);
            }
            exactScanVectors = vectors;
            exactScanDimensions = dimensions;
            return this;
        }

        /**
         * Sets how many distinct top-level key sets in one collection count as widely varying shapes.
         *
         * @param keySets the threshold, at least 2
         * @return this builder
         */
        public Builder distinctKeySets(int keySets) {
            if (keySets < 2) {
                throw new IllegalArgumentException("distinct key sets threshold must be at least 2, got " + keySets);
            }
            distinctKeySets = keySets;
            return this;
        }

        /**
         * Sets how many upcasters on one collection count as many.
         *
         * @param count the threshold, positive
         * @return this builder
         */
        public Builder upcasters(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("upcasters threshold must be positive, got " + count);
            }
            upcasters = count;
            return this;
        }

        /**
         * Sets how many upcaster runs per document read count as upcasting on the hot path.
         *
         * @param perRead the threshold, positive
         * @return this builder
         */
        public Builder upcastsPerRead(double perRead) {
            if (!(perRead > 0)) {
                throw new IllegalArgumentException("upcasts per read threshold must be positive, got " + perRead);
            }
            upcastsPerRead = perRead;
            return this;
        }

        /**
         * Sets when JSONB updates dominate: their share of document write time and their p99.
         *
         * @param share the share of write time, above 0 and at most 1
         * @param p99 the update p99, positive
         * @return this builder
         */
        public Builder documentUpdatesDominate(double share, Duration p99) {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("update share of write time must be in (0, 1], got " + share);
            }
            updateShareOfWriteTime = share;
            updateP99 = positive(p99, "update p99");
            return this;
        }

        /**
         * Sets the share of retried transactions that counts as contention.
         *
         * @param rate the threshold, above 0 and at most 1
         * @return this builder
         */
        public Builder retryRate(double rate) {
            if (!(rate > 0 && rate <= 1)) {
                throw new IllegalArgumentException("retry rate threshold must be in (0, 1], got " + rate);
            }
            retryRate = rate;
            return this;
        }

        /**
         * Sets how many operations a latency or rate rule needs before it may fire.
         *
         * @param samples the minimum, at least 1
         * @return this builder
         */
        public Builder minimumSamples(long samples) {
            if (samples < 1) {
                throw new IllegalArgumentException("minimum samples must be at least 1, got " + samples);
            }
            minimumSamples = samples;
            return this;
        }

        /**
         * Builds the advisor.
         *
         * @return the advisor
         */
        public Advisor build() {
            return new Advisor(this);
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " threshold must be positive, got " + value);
            }
            return value;
        }
    }
}
