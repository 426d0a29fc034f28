package dev.polyglot.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.document.DocumentCollection;
import dev.polyglot.memory.InMemoryDocumentStore;
import dev.polyglot.query.Update;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cut-over phases, shadow reads and repairs")
class CutOverTest {

    record Doc(String text, int n) {
    }

    @Test
    @DisplayName("phases go SHADOW → VERIFY → CUT_OVER → DONE, each change reported, and reads switch at CUT_OVER")
    void phases() {
        InMemoryDocumentStore oldStore = InMemoryDocumentStore.create();
        InMemoryDocumentStore newStore = InMemoryDocumentStore.create();
        List<String> changes = new ArrayList<>();
        CutOver move = CutOver.builder("phases").listener(new CutOverListener() {
            @Override
            public void onPhaseChange(CutOverPhase from, CutOverPhase to, CutOverStats stats) {
                changes.add(from + "->" + to + ":" + stats.mirroredWrites());
            }
        }).build();
        DocumentCollection<Doc> docs = move.documents(oldStore, newStore).collection("docs", Doc.class);
        docs.put("a", new Doc("both", 1));
        assertThat(newStore.collection("docs", Doc.class).get("a")).contains(new Doc("both", 1));

        assertThatThrownBy(move::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("SHADOW");
        move.verify();
        newStore.collection("docs", Doc.class).put("only-new", new Doc("new", 2));
        assertThat(docs.get("only-new")).isEmpty();                   // VERIFY reads the old store
        assertThatThrownBy(() -> move.cutOver(Verification.documents(oldStore, newStore, "docs")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not clean");
        newStore.collection("docs").delete("only-new");
        move.cutOver(Verification.documents(oldStore, newStore, "docs"));
        newStore.collection("docs", Doc.class).put("a", new Doc("changed on new", 3));
        assertThat(docs.get("a")).contains(new Doc("changed on new", 3)); // CUT_OVER reads the new store
        docs.put("b", new Doc("still dual", 4));
        assertThat(oldStore.collection("docs", Doc.class).get("b")).contains(new Doc("still dual", 4));
        move.finish();
        docs.put("c", new Doc("new only", 5));
        assertThat(oldStore.collection("docs", Doc.class).get("c")).isEmpty();
        assertThat(newStore.collection("docs", Doc.class).get("c")).isPresent();
        assertThatThrownBy(move::rollback).isInstanceOf(IllegalStateException.class);
        assertThat(changes).containsExactly("SHADOW->VERIFY:1", "VERIFY->CUT_OVER:1", "CUT_OVER->DONE:2");
    }

    @Test
    @DisplayName("a rollback sends reads and writes back to the old store, which has every write")
    void rollback() {
        InMemoryDocumentStore oldStore = InMemoryDocumentStore.create();
        InMemoryDocumentStore newStore = InMemoryDocumentStore.create();
        CutOver move = CutOver.builder("rollback").build();
        DocumentCollection<Doc> docs = move.documents(oldStore, newStore).collection("docs", Doc.class);
        move.verify();
        move.cutOver();
        docs.put("a", new Doc("x", 1));
        move.rollback();
        assertThat(move.phase()).isEqualTo(CutOverPhase.ROLLBACK);
        assertThat(docs.get("a")).contains(new Doc("x", 1));
        docs.put("b", new Doc("y", 2));
        assertThat(newStore.collection("docs", Doc.class).get("b")).isEmpty();
        assertThatThrownBy(move::verify).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("sampled reads that differ between the stores are counted and reported")
    void shadowReads() {
        InMemoryDocumentStore oldStore = InMemoryDocumentStore.create();
        InMemoryDocumentStore newStore = InMemoryDocumentStore.create();
        List<ShadowMismatch> seen = new ArrayList<>();
        CutOver move = CutOver.builder("shadow").shadowReadSample(1.0).listener(new CutOverListener() {
            @Override
            public void onShadowMismatch(ShadowMismatch mismatch) {
                seen.add(mismatch);
            }
        }).build();
        DocumentCollection<Doc> docs = move.documents(oldStore, newStore).collection("docs", Doc.class);
        docs.put("same", new Doc("s", 1));
        oldStore.collection("docs", Doc.class).put("old-only", new Doc("o", 1));
        docs.put("drift", new Doc("d", 1));
        newStore.collection("docs", Doc.class).put("drift", new Doc("d", 2));
        docs.get("same");
        docs.get("old-only");
        docs.get("drift");
        assertThat(seen).extracting(ShadowMismatch::key, ShadowMismatch::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("old-only", "missing in the new store"),
                org.assertj.core.groups.Tuple.tuple("drift", "different content"));
        assertThat(move.stats().shadowReads()).isEqualTo(3);
        assertThat(move.stats().shadowMismatches()).isEqualTo(2);
    }

    @Test
    @DisplayName("a document update reaching only the old store is repaired from its current state; a report repair fixes drift")
    void documentRepairs() {
        InMemoryDocumentStore oldStore = InMemoryDocumentStore.create();
        InMemoryDocumentStore newStore = InMemoryDocumentStore.create();
        CutOver move = CutOver.builder("repairs").build();
        DocumentCollection<Map<String, Object>> docs = move.documents(oldStore, newStore).collection("docs");
        docs.put("a", Map.of("n", 1));
        newStore.setUnavailable(true);
        docs.update("a", Update.builder().inc("n", 1).build());
        docs.update("a", Update.builder().inc("n", 1).build());
        newStore.setUnavailable(false);
        assertThat(move.pendingRepairs()).hasSize(2);
        assertThat(move.repair()).isEqualTo(2);
        assertThat(newStore.collection("docs").get("a").orElseThrow()).containsEntry("n", 3);

        oldStore.collection("docs").put("missed", Map.of("n", 9));    // written around the decorator
        VerificationReport report = Verification.documents(oldStore, newStore, "docs");
        assertThat(report.missing()).containsExactly("missed");
        assertThat(move.repair(report)).isEqualTo(1);
        assertThat(Verification.documents(oldStore, newStore, "docs").clean()).isTrue();
    }

    @Test
    @DisplayName("the cache decorator follows the phases too: CUT_OVER serves get and getOrLoad from the new store")
    void cachePhases() {
        dev.polyglot.memory.InMemoryCacheStore oldStore = dev.polyglot.memory.InMemoryCacheStore.create();
        dev.polyglot.memory.InMemoryCacheStore newStore = dev.polyglot.memory.InMemoryCacheStore.create();
        CutOver move = CutOver.builder("cache-phases").build();
        dev.polyglot.cache.Cache<String> cache = move.cache(oldStore, newStore).cache("c", String.class);
        java.time.Duration ttl = java.time.Duration.ofMinutes(1);
        assertThat(cache.getOrLoad("k", ttl, () -> "loaded")).isEqualTo("loaded");
        assertThat(newStore.cache("c", String.class).get("k")).contains("loaded");
        assertThat(newStore.cache("c", String.class).ttl("k")).isPresent();
        move.verify();
        move.cutOver();
        newStore.cache("c", String.class).put("k", "on new", ttl);
        assertThat(cache.get("k")).contains("on new");
        assertThat(cache.getOrLoad("k", ttl, () -> "not called")).isEqualTo("on new");
        assertThat(cache.increment("n", 2, ttl)).isEqualTo(2);
        assertThat(newStore.cache("c", Long.class).get("n")).contains(2L);
        move.finish();
        cache.put("after", "done");
        assertThat(oldStore.cache("c", String.class).get("after")).isEmpty();
        assertThat(cache.get("after")).contains("done");
    }

    @Test
    @DisplayName("collections open through the decorator while the new store is down; their writes wait in the repair log")
    void openWhileNewStoreIsDown() {
        dev.polyglot.memory.InMemoryVectorStore oldStore = dev.polyglot.memory.InMemoryVectorStore.create();
        dev.polyglot.memory.InMemoryVectorStore newStore = dev.polyglot.memory.InMemoryVectorStore.create();
        newStore.setUnavailable(true);
        CutOver move = CutOver.builder("down").shadowReadSample(1.0).build();
        dev.polyglot.vector.VectorCollection app = move.vectors(oldStore, newStore)
                .collection("v", 2, dev.polyglot.vector.Metric.COSINE);
        app.upsert(dev.polyglot.vector.VectorRecord.of("a", new float[] {1, 0}, Map.of("k", 1)));
        app.upsertAll(List.of(dev.polyglot.vector.VectorRecord.of("b", new float[] {0, 1}),
                dev.polyglot.vector.VectorRecord.of("c", new float[] {1, 1})));
        app.delete(dev.polyglot.query.Filter.eq("k", 1));
        assertThat(app.get("b")).isPresent();                        // served by the old store; the shadow read fails quietly
        assertThat(move.stats().shadowErrors()).isEqualTo(1);
        assertThat(move.pendingRepairs()).extracting(RepairEntry::key).hasSize(4).startsWith("a", "b", "c");
        assertThat(move.pendingRepairs().get(3).operation()).isEqualTo("delete(filter)");
        newStore.setUnavailable(false);
        assertThat(move.repair()).isEqualTo(4);
        assertThat(Verification.vectors(oldStore, newStore, "v", 2, dev.polyglot.vector.Metric.COSINE).clean()).isTrue();
    }

    @Test
    @DisplayName("bad arguments are rejected with the problem named")
    void badArguments() {
        InMemoryDocumentStore store = InMemoryDocumentStore.create();
        assertThatThrownBy(() -> CutOver.builder(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CutOver.builder("x").shadowReadSample(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> CutOver.builder("x").build().documents(store, store))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same store");
        assertThatThrownBy(() -> Migration.builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Migration.builder().build().copyDocuments(store, InMemoryDocumentStore.create(), "bad name"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
