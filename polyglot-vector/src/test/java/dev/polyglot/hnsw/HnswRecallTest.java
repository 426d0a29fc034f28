package dev.polyglot.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.memory.InMemoryVectorStore;
import dev.polyglot.query.Filter;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Recall@10 of the HNSW store against the exact in-memory store on 20k seeded clustered 64-d vectors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HnswRecallTest {
    private static final int COUNT = 20_000;
    private static final int DIMENSIONS = 64;
    private static final int QUERIES = 100;

    /** The metrics of embeddings; DOT runs the same graph code with another distance (the kit covers its scores). */
    private static final List<Metric> METRICS = List.of(Metric.COSINE, Metric.EUCLIDEAN);

    private final HnswVectorStore hnsw = HnswVectorStore.inMemory();
    private final InMemoryVectorStore exact = InMemoryVectorStore.create();
    private float[][] queries;

    @BeforeAll
    void load() {
        // Queries come from the same clusters as the data (held out, not inserted), as real queries do.
        float[][] all = HnswTestData.clustered(7, COUNT + QUERIES, DIMENSIONS, 50);
        float[][] data = java.util.Arrays.copyOf(all, COUNT);
        queries = java.util.Arrays.copyOfRange(all, COUNT, COUNT + QUERIES);
        for (Metric metric : METRICS) {
            List<VectorRecord> batch = new ArrayList<>(COUNT);
            for (int i = 0; i < COUNT; i++) {
                // "bucket" 0..99: a filter on one bucket selects 1 % of the records.
                batch.add(VectorRecord.of("r" + i, data[i], Map.of("bucket", (i * 7919) % 100)));
            }
            hnsw.collection(metric.name(), DIMENSIONS, metric).upsertAll(batch);
            exact.collection(metric.name(), DIMENSIONS, metric).upsertAll(batch);
        }
    }

    @AfterAll
    void close() {
        hnsw.close();
        exact.close();
    }

    private double recall(Metric metric, Filter filter) {
        VectorCollection approximate = hnsw.collection(metric.name(), DIMENSIONS, metric);
        VectorCollection truth = exact.collection(metric.name(), DIMENSIONS, metric);
        long found = 0;
        long wanted = 0;
        for (int q = 0; q < QUERIES; q++) {
            VectorQuery query = VectorQuery.nearest(queries[q], 10);
            if (filter != null) {
                query = query.withFilter(filter);
            }
            Set<String> expected = ids(truth.search(query));
            List<VectorMatch> hits = approximate.search(query);
            assertThat(hits).hasSize(expected.size());
            Set<String> got = ids(hits);
            got.retainAll(expected);
            found += got.size();
            wanted += expected.size();
        }
        return found / (double) wanted;
    }

    private static Set<String> ids(List<VectorMatch> matches) {
        return matches.stream().map(VectorMatch::id).collect(Collectors.toCollection(HashSet::new));
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"COSINE", "EUCLIDEAN"})
    @DisplayName("recall@10 at default settings is at least 0.95")
    void unfiltered(Metric metric) {
        assertThat(recall(metric, null)).isGreaterThanOrEqualTo(0.95);
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"COSINE", "EUCLIDEAN"})
    @DisplayName("recall@10 with a 1 %-selective filter is at least 0.99")
    void selectiveFilter(Metric metric) {
        assertThat(recall(metric, Filter.eq("bucket", 42))).isGreaterThanOrEqualTo(0.99);
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"COSINE"})
    @DisplayName("recall@10 with a 30 %-selective filter (the oversampled graph path) is at least 0.95")
    void broadFilter(Metric metric) {
        assertThat(recall(metric, Filter.lt("bucket", 30))).isGreaterThanOrEqualTo(0.95);
    }
}
