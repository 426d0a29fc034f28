package dev.polyglot.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.codec.DocumentValues;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Record checksums and progress figures")
class RecordChecksumTest {

    @Test
    @DisplayName("checksums agree exactly when the document model says the contents are equal")
    void consistentWithContentEquals() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("n", 1);
        a.put("d", 2.5);
        a.put("nested", Map.of("x", List.of(1L, "two"), "y", true));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("nested", Map.of("y", true, "x", List.of(new BigDecimal("1.00"), "two")));
        b.put("d", new BigDecimal("2.50"));
        b.put("n", 1L);
        assertThat(DocumentValues.contentEquals(a, b)).isTrue();
        assertThat(RecordChecksum.of(a)).isEqualTo(RecordChecksum.of(b));

        List<Object> distinct = List.of("1", 1, true, Instant.EPOCH, "1970-01-01T00:00:00Z", new UUID(0, 1),
                new byte[] {1}, List.of(1), Map.of("k", 1), List.of(List.of(1)), "\uD800", "\uDC00", "\uFFFD", "");
        for (int i = 0; i < distinct.size(); i++) {
            for (int j = i + 1; j < distinct.size(); j++) {
                assertThat(RecordChecksum.of(distinct.get(i))).as("%s vs %s", distinct.get(i), distinct.get(j))
                        .isNotEqualTo(RecordChecksum.of(distinct.get(j)));
            }
        }
        assertThat(RecordChecksum.of(List.of(1, 2))).isNotEqualTo(RecordChecksum.of(List.of(2, 1)));
        assertThat(RecordChecksum.ofVector("a", new float[] {1f, 0f}, Map.of()))
                .isNotEqualTo(RecordChecksum.ofVector("a", new float[] {1f, -0f}, Map.of()))
                .isEqualTo(RecordChecksum.ofVector("a", new float[] {1f, 0f}, Map.of()));
    }

    @Test
    @DisplayName("progress reports rate, percent and an ETA only when the total is known")
    void progress() {
        MigrationProgress half = new MigrationProgress("document:x", 500, 480, 1000, Duration.ofSeconds(10));
        assertThat(half.recordsPerSecond()).isEqualTo(50.0);
        assertThat(half.percent()).isEqualTo(50.0);
        assertThat(half.eta()).contains(Duration.ofSeconds(10));
        MigrationProgress unknown = new MigrationProgress("cache:x", 500, 480, -1, Duration.ofSeconds(10));
        assertThat(unknown.eta()).isEmpty();
        assertThat(unknown.percent()).isEqualTo(-1);
        assertThat(new MigrationProgress("t", 0, 0, 10, Duration.ZERO).eta()).isEmpty();
    }
}
