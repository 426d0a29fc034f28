package dev.polyglot.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.polyglot.StoreConfigurationException;
import dev.polyglot.query.Filter;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Snapshots, logs and what reopening a store makes of intact, torn, damaged and foreign files. */
class HnswDurabilityTest {

    private static float[] vec(int i) {
        return new float[] {i, i % 7, 1};
    }

    private static Map<String, Object> meta(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", i);
        m.put("even", i % 2 == 0);
        m.put("name", "r\uD800" + i + "😀"); // a lone surrogate must round-trip too
        m.put("big", new java.math.BigDecimal("12345678901234567890.125"));
        m.put("at", Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
        m.put("uuid", new UUID(1, i));
        m.put("bytes", new byte[] {1, 2, (byte) i});
        m.put("nested", Map.of("tags", List.of("a", i), "none", List.of()));
        m.put("nothing", null);
        m.put("long", 9_000_000_000L);
        m.put("double", i + 0.5);
        return m;
    }

    /** Writes 300 records, replaces 50, deletes 30 by id and the 'i >= 290' ones by filter. */
    private static Map<String, VectorRecord> writeWorkload(VectorCollection c) {
        Map<String, VectorRecord> expected = new LinkedHashMap<>();
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            VectorRecord r = VectorRecord.of("r" + i, vec(i), meta(i));
            expected.put(r.id(), r);
            if (i < 100) {
                c.upsert(r);
            } else {
                batch.add(r);
            }
        }
        c.upsertAll(batch);
        for (int i = 0; i < 50; i++) {
            VectorRecord r = VectorRecord.of("r" + i, vec(i + 1000), Map.of("replaced", true, "i", i));
            c.upsert(r);
            expected.put(r.id(), r);
        }
        for (int i = 50; i < 80; i++) {
            assertThat(c.delete("r" + i)).isTrue();
            expected.remove("r" + i);
        }
        assertThat(c.delete(Filter.gte("i", 290))).isEqualTo(10);
        for (int i = 290; i < 300; i++) {
            expected.remove("r" + i);
        }
        return expected;
    }

    private static void assertHolds(VectorCollection c, Map<String, VectorRecord> expected) {
        assertThat(c.count()).isEqualTo(expected.size());
        try (Stream<VectorRecord> all = c.scan()) {
            Map<String, VectorRecord> read = all.collect(Collectors.toMap(VectorRecord::id, r -> r, (a, b) -> a,
                    LinkedHashMap::new));
            assertThat(read).isEqualTo(expected);
        }
        List<VectorMatch> hits = c.search(VectorQuery.nearest(vec(120), 3));
        assertThat(hits.get(0).id()).isEqualTo("r120");
        assertThat(hits.get(0).score()).isEqualTo(0.0);
    }

    @ParameterizedTest
    @EnumSource(value = HnswDurability.class, names = {"SYNC", "BATCHED"})
    @DisplayName("after close and reopen every write is there (snapshot written at close)")
    void reopenAfterClose(HnswDurability durability) {
        Path dir = HnswTestDirectories.fresh("reopen");
        HnswOptions options = HnswOptions.defaults().withDurability(durability);
        Map<String, VectorRecord> expected;
        try (HnswVectorStore store = HnswVectorStore.open(dir, options)) {
            expected = writeWorkload(store.collection("docs", 3, Metric.EUCLIDEAN));
            store.collection("other", 2, Metric.COSINE).upsert(VectorRecord.of("x", new float[] {1, 0}));
        }
        assertThat(dir.resolve("docs").resolve("snapshot-2.hnsw")).exists();
        try (HnswVectorStore store = HnswVectorStore.open(dir, options)) {
            assertHolds(store.collection("docs", 3, Metric.EUCLIDEAN), expected);
            assertThat(store.collection("other", 2, Metric.COSINE).get("x")).isPresent();
            Throwable wrong = catchThrowable(() -> store.collection("docs", 4, Metric.EUCLIDEAN));
            assertThat(wrong).isInstanceOf(StoreConfigurationException.class).hasMessageContaining("3 dimensions");
        }
    }

    @Test
    @DisplayName("the log alone, copied while the store is open (as a crash leaves it), replays every write")
    void replayLogWithoutClose() throws IOException {
        Path dir = HnswTestDirectories.fresh("live");
        Path copy = HnswTestDirectories.fresh("copy");
        try (HnswVectorStore store = HnswVectorStore.open(dir)) {
            Map<String, VectorRecord> expected = writeWorkload(store.collection("docs", 3, Metric.EUCLIDEAN));
            copyTree(dir, copy);
            assertThat(copy.resolve("docs").resolve("snapshot-2.hnsw")).doesNotExist();
            try (HnswVectorStore reopened = HnswVectorStore.open(copy)) {
                assertHolds(reopened.collection("docs", 3, Metric.EUCLIDEAN), expected);
            }
        }
    }

    @Test
    @DisplayName("snapshots taken in the background while writing, plus the log after them, restore everything")
    void backgroundSnapshots() throws Exception {
        Path dir = HnswTestDirectories.fresh("snap");
        Path copy = HnswTestDirectories.fresh("snapcopy");
        HnswOptions options = HnswOptions.defaults().withSnapshotAfterLogBytes(8192);
        try (HnswVectorStore store = HnswVectorStore.open(dir, options)) {
            VectorCollection c = store.collection("docs", 3, Metric.EUCLIDEAN);
            Map<String, VectorRecord> expected = writeWorkload(c);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!hasSnapshot(dir.resolve("docs")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(hasSnapshot(dir.resolve("docs"))).as("a background snapshot was written").isTrue();
            VectorRecord late = VectorRecord.of("late", vec(5000), Map.of());
            c.upsert(late);
            expected.put("late", late);
            Thread.sleep(200); // let a running snapshot finish so the copy is of settled files
            copyTree(dir, copy);
            try (HnswVectorStore reopened = HnswVectorStore.open(copy, options)) {
                VectorCollection r = reopened.collection("docs", 3, Metric.EUCLIDEAN);
                assertThat(r.get("late")).contains(late);
                assertThat(r.count()).isEqualTo(expected.size());
            }
        }
    }

    private static boolean hasSnapshot(Path collection) throws IOException {
        try (Stream<Path> files = Files.list(collection)) {
            return files.anyMatch(f -> f.getFileName().toString().matches("snapshot-\\d+\\.hnsw"));
        }
    }

    @Test
    @DisplayName("a torn last log record is dropped and the log is cut back; earlier records stay")
    void tornTail() throws IOException {
        Path dir = HnswTestDirectories.fresh("torn");
        Path copy = HnswTestDirectories.fresh("torncopy");
        try (HnswVectorStore store = HnswVectorStore.open(dir)) {
            VectorCollection c = store.collection("docs", 3, Metric.EUCLIDEAN);
            c.upsert(VectorRecord.of("a", vec(1)));
            c.upsert(VectorRecord.of("b", vec(2)));
            c.upsert(VectorRecord.of("c", vec(3)));
            copyTree(dir, copy);
        }
        Path log = copy.resolve("docs").resolve("log-1.hnsw");
        long size = Files.size(log);
        try (var ch = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(size - 5); // the last record ("c") lost its tail in the crash
        }
        try (HnswVectorStore store = HnswVectorStore.open(copy)) {
            VectorCollection c = store.collection("docs", 3, Metric.EUCLIDEAN);
            assertThat(c.get("a")).isPresent();
            assertThat(c.get("b")).isPresent();
            assertThat(c.get("c")).isEmpty();
            c.upsert(VectorRecord.of("d", vec(4)));
        }
        try (HnswVectorStore store = HnswVectorStore.open(copy)) {
            assertThat(store.collection("docs", 3, Metric.EUCLIDEAN).count()).isEqualTo(3);
        }
    }

    @Test
    @DisplayName("a last record whose checksum fails is torn too; garbage appended after the last record is dropped")
    void tornChecksum() throws IOException {
        Path dir = HnswTestDirectories.fresh("crc");
        Path copy = HnswTestDirectories.fresh("crccopy");
        try (HnswVectorStore store = HnswVectorStore.open(dir)) {
            VectorCollection c = store.collection("docs", 3, Metric.EUCLIDEAN);
            c.upsert(VectorRecord.of("a", vec(1)));
            c.upsert(VectorRecord.of("b", vec(2)));
            copyTree(dir, copy);
        }
        Path garbage = HnswTestDirectories.fresh("garbage");
        copyTree(copy, garbage);
        Path log = copy.resolve("docs").resolve("log-1.hnsw");
        byte[] bytes = Files.readAllBytes(log);
        bytes[bytes.length - 3] ^= 0x5A;
        Files.write(log, bytes);
        try (HnswVectorStore store = HnswVectorStore.open(copy)) {
            VectorCollection c = store.collection("docs", 3, Metric.EUCLIDEAN);
            assertThat(c.get("a")).isPresent();
            assertThat(c.get("b")).isEmpty();
        }
        Files.write(garbage.resolve("docs").resolve("log-1.hnsw"), new byte[] {0, 0, 0}, StandardOpenOption.APPEND);
        try (HnswVectorStore store = HnswVectorStore.open(garbage)) {
            assertThat(store.collection("docs", 3, Metric.EUCLIDEAN).get("b")).isPresent();
        }
    }

    @Test
    @DisplayName("a damaged record in the middle of the log is an error naming the file, never a silent loss")
    void damagedMiddleRecord() throws IOException {
        Path dir = HnswTestDirectories.fresh("mid");
        Path copy = HnswTestDirectories.fresh("midcopy");
        try (HnswVectorStore store = HnswVectorStore.open(dir)) {
            VectorCollection c = store.collection("docs", 3, Metric.EUCLIDEAN);
            for (int i = 0; i < 5; i++) {
                c.upsert(VectorRecord.of("r" + i, vec(i)));
            }
            copyTree(dir, copy);
        }
        Path log = copy.resolve("docs").resolve("log-1.hnsw");
        byte[] bytes = Files.readAllBytes(log);
        bytes[HnswLog.HEADER_BYTES + HnswLog.RECORD_OVERHEAD + 3] ^= 0x01; // inside the first record
        Files.write(log, bytes);
        assertThatThrownBy(() -> HnswVectorStore.open(copy))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(log.toString())
                .hasMessageContaining("damaged record");
    }

    @Test
    @DisplayName("a damaged snapshot is an error naming the file")
    void damagedSnapshot() throws IOException {
        Path dir = HnswTestDirectories.fresh("badsnap");
        try (HnswVectorStore store = HnswVectorStore.open(dir)) {
            writeWorkload(store.collection("docs", 3, Metric.EUCLIDEAN));
        }
        Path snapshot = dir.resolve("docs").resolve("snapshot-2.hnsw");
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(snapshot, bytes);
        assertThatThrownBy(() -> HnswVectorStore.open(dir))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(snapshot.toString());
        Files.write(snapshot, java.util.Arrays.copyOf(bytes, 40));
        assertThatThrownBy(() -> HnswVectorStore.open(dir))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(snapshot.toString());
    }

    @Test
    @DisplayName("foreign files and directories are errors naming them")
    void foreignFiles() throws IOException {
        Path dir = HnswTestDirectories.fresh("foreign");
        try (HnswVectorStore store = HnswVectorStore.open(dir)) {
            store.collection("docs", 3, Metric.EUCLIDEAN).upsert(VectorRecord.of("a", vec(1)));
        }
        Path stray = dir.resolve("docs").resolve("notes.txt");
        Files.writeString(stray, "hello");
        assertThatThrownBy(() -> HnswVectorStore.open(dir)).isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(stray.toString());
        Files.delete(stray);

        Path fakeSnapshot = dir.resolve("docs").resolve("snapshot-9.hnsw");
        Files.writeString(fakeSnapshot, "this is not a snapshot at all");
        assertThatThrownBy(() -> HnswVectorStore.open(dir)).isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(fakeSnapshot.toString()).hasMessageContaining("not a Polyglot HNSW snapshot");
        Files.delete(fakeSnapshot);

        Path topLevel = dir.resolve("README");
        Files.writeString(topLevel, "x");
        assertThatThrownBy(() -> HnswVectorStore.open(dir)).isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(topLevel.toString());
        Files.delete(topLevel);

        Path badName = dir.resolve("not-a-name");
        Files.createDirectory(badName);
        assertThatThrownBy(() -> HnswVectorStore.open(dir)).isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(badName.toString());
        Files.delete(badName);

        Path foreignLog = dir.resolve("docs").resolve("log-2.hnsw");
        Files.write(foreignLog, new byte[100]);
        assertThatThrownBy(() -> HnswVectorStore.open(dir)).isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining(foreignLog.toString());
        Files.delete(foreignLog);

        try (HnswVectorStore store = HnswVectorStore.open(dir)) {
            assertThat(store.collection("docs", 3, Metric.EUCLIDEAN).get("a")).isPresent();
        }
    }

    @Test
    @DisplayName("a directory is open in one store at a time")
    void exclusive() {
        Path dir = HnswTestDirectories.fresh("lock");
        try (HnswVectorStore store = HnswVectorStore.open(dir)) {
            assertThatThrownBy(() -> HnswVectorStore.open(dir)).isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("already open");
            assertThat(store.directory()).isPresent();
        }
        HnswVectorStore.open(dir).close();
    }

    @Test
    @DisplayName("a dropped collection's files are gone and it stays gone after reopening")
    void dropDeletesFiles() {
        Path dir = HnswTestDirectories.fresh("drop");
        try (HnswVectorStore store = HnswVectorStore.open(dir)) {
            store.collection("docs", 3, Metric.EUCLIDEAN).upsert(VectorRecord.of("a", vec(1)));
            assertThat(store.dropCollection("docs")).isTrue();
            assertThat(dir.resolve("docs")).doesNotExist();
        }
        try (HnswVectorStore store = HnswVectorStore.open(dir)) {
            assertThat(store.collection("docs", 5, Metric.DOT).count()).isZero();
        }
    }

    @Test
    @DisplayName("NONE is memory-only and cannot be combined with a directory")
    void memoryOnly() {
        try (HnswVectorStore store = HnswVectorStore.inMemory()) {
            VectorCollection c = store.collection("docs", 3, Metric.EUCLIDEAN);
            Map<String, VectorRecord> expected = writeWorkload(c);
            assertHolds(c, expected);
            assertThat(store.directory()).isEmpty();
        }
        assertThatThrownBy(() -> HnswVectorStore.open(HnswTestDirectories.fresh("none"),
                HnswOptions.defaults().withDurability(HnswDurability.NONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NONE");
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("polyglot-hnsw.lock")) {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
