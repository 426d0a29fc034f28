package dev.polyglot.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.polyglot.Port;
import dev.polyglot.metrics.DocumentCollectionSnapshot;
import dev.polyglot.metrics.MetricsSnapshot;
import dev.polyglot.metrics.OperationSnapshot;
import dev.polyglot.metrics.PortSnapshot;
import dev.polyglot.metrics.TransactionSnapshot;
import dev.polyglot.metrics.VectorCollectionSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The advisor, on synthetic figures")
class AdvisorTest {
    private static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");

    /** n operations all taking about {@code millis}. */
    private static OperationSnapshot op(String name, int n, double millis) {
        long[] samples = new long[n];
        Arrays.fill(samples, (long) (millis * 1e6));
        return OperationSnapshot.fromSamples(name, 0, samples);
    }

    private static PortSnapshot port(Port port, String adapter, OperationSnapshot... ops) {
        return PortSnapshot.of(port, adapter, List.of(ops));
    }

    private static AdvisorReport advise(PortSnapshot... ports) {
        return Advisor.withDefaults().advise(new MetricsSnapshot(NOW, List.of(ports)));
    }

    private static List<AdviceRule> rules(AdvisorReport report) {
        return report.recommendations().stream().map(Recommendation::rule).toList();
    }

    private static PortSnapshot transactions(long count, long retried) {
        return new PortSnapshot(Port.TRANSACTIONAL, "postgresql", List.of(op("transaction", (int) count, 2)),
                new TransactionSnapshot(count, retried * 2, retried, 0), List.of(), List.of());
    }

    private static PortSnapshot documents(String adapter, DocumentCollectionSnapshot... collections) {
        return new PortSnapshot(Port.DOCUMENT, adapter, List.of(op("insert", 500, 1)), TransactionSnapshot.NONE,
                List.of(collections), List.of());
    }

    private static PortSnapshot vectors(String adapter, VectorCollectionSnapshot... collections) {
        return new PortSnapshot(Port.VECTOR, adapter, List.of(op("search", 500, 5)), TransactionSnapshot.NONE, List.of(),
                List.of(collections));
    }

    @Test
    @DisplayName("with nothing over a threshold, says to stay where you are")
    void stay() {
        AdvisorReport report = advise(transactions(1_000, 3),
                documents("postgresql", new DocumentCollectionSnapshot("conversations", 1_000, 1_000, 2, 1, 10)),
                port(Port.CACHE, "postgresql", op("get", 5_000, 0.8), op("put", 1_000, 1.2)),
                vectors("postgresql", new VectorCollectionSnapshot("messages", 128, 10_000)));
        assertThat(report.stayWhereYouAre()).isTrue();
        assertThat(report.ports()).hasSize(4).allMatch(PortAdvice::stay);
        assertThat(report.toText()).contains("Verdict: stay where you are").contains("CACHE port on postgresql");
        assertThat(report.toHtml()).contains("stay where you are");
    }

    @Nested
    @DisplayName("Cache reads")
    class CacheReads {

        @Test
        @DisplayName("p99 above 10 ms on PostgreSQL → move the Cache port to Redis, with the figure")
        void slowOnPostgres() {
            AdvisorReport report = advise(port(Port.CACHE, "postgresql", op("get", 900, 1), op("getAll", 100, 25), op("put", 500, 30)));
            assertThat(rules(report)).containsExactly(AdviceRule.CACHE_READS_SLOW);
            Recommendation r = report.recommendations().get(0);
            assertThat(r.action()).isEqualTo("move the Cache port to Redis");
            assertThat(r.change()).contains("polyglot.cache.uri=redis://").contains("dev.polyglot:polyglot-redis");
            assertThat(r.measured()).isCloseTo(25, within(25 * 0.125));
            assertThat(r.threshold()).isEqualTo(10);
            assertThat(r.trigger()).contains("cache read p99").contains("> 10.0 ms").contains("1,000 reads");
        }

        @Test
        @DisplayName("writes do not count, nor do too few reads, nor a store already on Redis or in-process")
        void notTriggered() {
            assertThat(advise(port(Port.CACHE, "postgresql", op("get", 1_000, 1), op("put", 1_000, 50))).stayWhereYouAre()).isTrue();
            assertThat(advise(port(Port.CACHE, "postgresql", op("get", 50, 50))).stayWhereYouAre()).isTrue();
            assertThat(advise(port(Port.CACHE, "redis", op("get", 1_000, 50))).stayWhereYouAre()).isTrue();
            assertThat(advise(port(Port.CACHE, "memory", op("get", 1_000, 50))).stayWhereYouAre()).isTrue();
        }

        @Test
        @DisplayName("the threshold is configurable")
        void configurable() {
            PortSnapshot cache = port(Port.CACHE, "PostgresCacheStore", op("get", 1_000, 15));
            assertThat(advise(cache).stayWhereYouAre()).isFalse();
            Advisor lenient = Advisor.builder().cacheReadP99(Duration.ofMillis(20)).build();
            assertThat(lenient.advise(new MetricsSnapshot(NOW, List.of(cache))).stayWhereYouAre()).isTrue();
            assertThatThrownBy(() -> Advisor.builder().cacheReadP99(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("Vector search")
    class VectorSearch {

        @Test
        @DisplayName("p99 above 100 ms on an exact scan → move the Vector port to HNSW")
        void slowSearch() {
            AdvisorReport report = advise(port(Port.VECTOR, "postgresql", op("search", 200, 150)));
            assertThat(rules(report)).containsExactly(AdviceRule.VECTOR_SEARCH_SLOW);
            assertThat(report.recommendations().get(0).change()).contains("polyglot.vector.uri=hnsw:");
            assertThat(advise(port(Port.VECTOR, "hnsw", op("search", 200, 150))).stayWhereYouAre()).isTrue();
            assertThat(advise(port(Port.VECTOR, "memory", op("search", 200, 150))).stayWhereYouAre()).isFalse();
        }

        @Test
        @DisplayName("a collection above the measured exact-scan limit, scaled by dimensions → move to HNSW")
        void pastExactScan() {
            AdvisorReport report = advise(vectors("postgresql", new VectorCollectionSnapshot("messages", 128, 90_000)));
            assertThat(rules(report)).containsExactly(AdviceRule.VECTOR_COLLECTION_PAST_EXACT_SCAN);
            Recommendation r = report.recommendations().get(0);
            assertThat(r.measured()).isEqualTo(90_000);
            assertThat(r.threshold()).isEqualTo(75_000);
            assertThat(r.trigger()).contains("messages").contains("90,000 vectors of 128 dimensions");

            assertThat(advise(vectors("postgresql", new VectorCollectionSnapshot("small", 64, 90_000))).stayWhereYouAre()).isTrue();
            assertThat(rules(advise(vectors("postgresql", new VectorCollectionSnapshot("wide", 768, 20_000)))))
                    .containsExactly(AdviceRule.VECTOR_COLLECTION_PAST_EXACT_SCAN);
            assertThat(Advisor.withDefaults().exactScanLimit(768)).isEqualTo(12_500);
            assertThat(Advisor.builder().exactScanLimit(50_000, 128).build().exactScanLimit(128)).isEqualTo(50_000);
        }
    }

    @Nested
    @DisplayName("Documents")
    class Documents {

        @Test
        @DisplayName("many distinct key sets in one collection → consider MongoDB")
        void shapesVary() {
            AdvisorReport report = advise(documents("postgresql", new DocumentCollectionSnapshot("responses", 5_000, 100, 25, 0, 0)));
            assertThat(rules(report)).containsExactly(AdviceRule.DOCUMENT_SHAPES_VARY);
            assertThat(report.recommendations().get(0).trigger()).contains("responses").contains("25 distinct top-level key sets");
            assertThat(advise(documents("mongodb", new DocumentCollectionSnapshot("responses", 5_000, 100, 25, 0, 0)))
                    .stayWhereYouAre()).isTrue();
            assertThat(advise(documents("postgresql", new DocumentCollectionSnapshot("responses", 5_000, 100, 19, 0, 0)))
                    .stayWhereYouAre()).isTrue();
        }

        @Test
        @DisplayName("many upcasters, or upcasters on most reads → consider MongoDB")
        void upcasters() {
            assertThat(rules(advise(documents("postgresql", new DocumentCollectionSnapshot("c", 10, 10, 1, 3, 0)))))
                    .containsExactly(AdviceRule.DOCUMENT_UPCASTERS);
            AdvisorReport hotPath = advise(documents("postgresql", new DocumentCollectionSnapshot("c", 10, 1_000, 1, 1, 800)));
            assertThat(rules(hotPath)).containsExactly(AdviceRule.DOCUMENT_UPCASTERS);
            assertThat(hotPath.recommendations().get(0).measured()).isEqualTo(0.8);
            assertThat(advise(documents("postgresql", new DocumentCollectionSnapshot("c", 10, 1_000, 1, 1, 100))).stayWhereYouAre())
                    .isTrue();
        }

        @Test
        @DisplayName("JSONB updates taking most of the write time with a slow p99 → consider MongoDB")
        void updatesDominate() {
            PortSnapshot pg = port(Port.DOCUMENT, "postgresql", op("insert", 500, 1), op("update", 500, 20), op("get", 5_000, 1));
            AdvisorReport report = advise(pg);
            assertThat(rules(report)).containsExactly(AdviceRule.DOCUMENT_UPDATES_DOMINATE);
            assertThat(report.recommendations().get(0).measured()).isGreaterThan(90);
            assertThat(report.recommendations().get(0).trigger()).contains("JSONB updates take");
            PortSnapshot fastUpdates = port(Port.DOCUMENT, "postgresql", op("insert", 500, 1), op("update", 500, 5));
            assertThat(advise(fastUpdates).stayWhereYouAre()).isTrue();
            PortSnapshot mostlyInserts = port(Port.DOCUMENT, "postgresql", op("insert", 5_000, 12), op("update", 500, 15));
            assertThat(advise(mostlyInserts).stayWhereYouAre()).isTrue();
            assertThat(advise(port(Port.DOCUMENT, "memory", op("insert", 500, 1), op("update", 500, 20))).stayWhereYouAre()).isTrue();
        }
    }

    @Nested
    @DisplayName("Transactions")
    class Transactions {

        @Test
        @DisplayName("a high serialization-retry rate → fix contention or indexing before adding any store")
        void retries() {
            AdvisorReport report = advise(transactions(1_000, 80));
            assertThat(rules(report)).containsExactly(AdviceRule.TRANSACTION_RETRIES);
            Recommendation r = report.recommendations().get(0);
            assertThat(r.action()).isEqualTo("fix contention or indexing before adding any store");
            assertThat(r.measured()).isCloseTo(8.0, within(1e-9));
            assertThat(r.trigger()).contains("8.0 %").contains("80 of 1,000");
            assertThat(advise(transactions(1_000, 10)).stayWhereYouAre()).isTrue();
            assertThat(advise(transactions(50, 40)).stayWhereYouAre()).isTrue();
            assertThat(Advisor.builder().retryRate(0.005).build()
                    .advise(new MetricsSnapshot(NOW, List.of(transactions(1_000, 10)))).stayWhereYouAre()).isFalse();
        }
    }

    @Nested
    @DisplayName("The HTML report")
    class Html {

        @Test
        @DisplayName("is one self-contained page with an inline SVG latency chart per port and the threshold marked")
        void selfContained(@TempDir Path dir) throws Exception {
            AdvisorReport report = advise(port(Port.CACHE, "postgresql<&>", op("get", 1_000, 25)),
                    port(Port.VECTOR, "memory", op("search", 10, 1)), transactions(200, 0));
            Path file = report.writeHtml(dir.resolve("out/report.html"));
            String html = Files.readString(file);
            assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
            assertThat(html.split("<svg ", -1)).hasSize(4);
            assertThat(html).contains("threshold 10.0 ms").contains("threshold 100 ms");
            assertThat(html).contains("postgresql&lt;&amp;&gt;").doesNotContain("postgresql<&>");
            assertThat(html).contains("move the Cache port to Redis");
            assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:").doesNotContain("https:")
                    .doesNotContain("<script").doesNotContain("<link").doesNotContain("src=");
        }
    }
}
