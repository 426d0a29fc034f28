package dev.polyglot.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.query.Filter;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Growth past the initial capacity, deletes, and the background rebuild that compacts the graph. */
class HnswCompactionTest {

    @Test
    @DisplayName("past the deleted threshold the graph is rebuilt in the background while searches and writes go on")
    void rebuildsWhileSearching() throws Exception {
        float[][] data = HnswTestData.clustered(3, 6_000, 16, 20);
        float[][] extra = HnswTestData.clustered(4, 2_000, 16, 20);
        try (HnswVectorStore store = HnswVectorStore.inMemory(HnswOptions.defaults().withExactSearchLimit(0))) {
            VectorCollection c = store.collection("docs", 16, Metric.EUCLIDEAN);
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < data.length; i++) {
                batch.add(VectorRecord.of("r" + i, data[i], Map.of("i", i)));
            }
            // 6,000 records in batches of 500: the graph starts at 1,024 nodes and has to grow.
            for (int from = 0; from < data.length; from += 500) {
                c.upsertAll(batch.subList(from, from + 500));
            }
            HnswCollection state = store.resolve("docs", 16, Metric.EUCLIDEAN);

            assertThat(state.graphNodes()).isEqualTo(6_000);

            Set<String> deleted = ConcurrentHashMap.newKeySet();
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread searcher = new Thread(() -> {
                try {
                    int q = 0;
                    while (!done.get()) {
                        Set<String> goneBefore = Set.copyOf(deleted);
                        List<VectorMatch> hits = c.search(VectorQuery.nearest(data[q++ % data.length], 10));
                        assertThat(hits).hasSize(10);
                        assertThat(hits.stream().map(VectorMatch::id).filter(goneBefore::contains).toList())
                                .as("ids deleted before the search began").isEmpty();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            searcher.start();
            // Delete every other record: 50 % deleted, past the 20 % threshold.
            for (int i = 0; i < data.length; i += 2) {
                assertThat(c.delete("r" + i)).isTrue();
                deleted.add("r" + i);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            int late = 0;
            while (state.graphNodes() > 4_000 && System.nanoTime() < deadline) {
                // Writes during the rebuild reach the new graph too.
                c.upsert(VectorRecord.of("late" + late % 200, extra[late % 200], Map.of("late", true)));
                late++;
                Thread.sleep(5);
            }
            done.set(true);
            searcher.join();
            assertThat(failure.get()).isNull();
            assertThat(state.graphNodes()).as("the rebuilt graph holds only live records").isLessThan(4_000);
            assertThat(c.count()).isEqualTo(3_000 + c.search(VectorQuery.filterOnly(Filter.eq("late", true), 10_000)).size());
            // Every live record is still there and found by an exact search; the rebuilt graph finds
            // (nearly) all of them itself, as a graph of live records only should.
            int sampled = 0;
            int graphFound = 0;
            for (int i = 1; i < data.length; i += 10) {
                List<VectorMatch> exact = c.search(VectorQuery.nearest(data[i], 1).withSearchEffort(100_000));
                assertThat(exact.get(0).score()).isEqualTo(0.0);
                sampled++;
                if (c.search(VectorQuery.nearest(data[i], 1)).get(0).score() == 0.0) {
                    graphFound++;
                }
            }
            assertThat(graphFound / (double) sampled).isGreaterThanOrEqualTo(0.95);
            if (late > 0) {
                List<VectorMatch> lateHits = c.search(VectorQuery.nearest(extra[0], 1).withFilter(Filter.eq("late", true)));
                assertThat(lateHits.get(0).id()).isEqualTo("late0");
            }
        }
    }
}
