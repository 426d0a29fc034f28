package dev.polyglot.transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.query.Filter;
import dev.polyglot.query.Sort;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TableSpecTest {

    record Address(String city, String zip) {
    }

    enum Kind { A, B }

    record Row(String id, String email, String tenant, String slug, long version, Instant createdAt,
            OffsetDateTime updatedAt, int count, double ratio, BigDecimal amount, boolean flag, UUID ref,
            LocalDate day, Kind kind, byte[] data, Address address, List<Address> addresses, Map<String, Object> extra) {
    }

    record LongId(long id, int version, String name) {
    }

    record WithOptional(String id, java.util.Optional<String> nickname) {
    }

    public static final class Pojo {
        private String id = "";
        private String name = "";

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    private static TableSpec.Builder<Row, String> rows() {
        return TableSpec.builder("rows", Row.class, String.class).id("id");
    }

    @Test
    @DisplayName("a full spec exposes its columns with portable types")
    void fullSpec() {
        TableSpec<Row, String> spec = rows().version("version").unique("email").unique("tenant", "slug")
                .createdAt("createdAt").updatedAt("updatedAt").audited().build();
        assertThat(spec.table()).isEqualTo("rows");
        assertThat(spec.idColumn()).isEqualTo("id");
        assertThat(spec.versionColumn()).contains("version");
        assertThat(spec.uniqueKeys()).containsExactly(List.of("email"), List.of("tenant", "slug"));
        assertThat(spec.createdAtColumn()).contains("createdAt");
        assertThat(spec.updatedAtColumn()).contains("updatedAt");
        assertThat(spec.audited()).isTrue();
        assertThat(spec.columns()).extracting(TableSpec.Column::name).containsExactly("id", "email", "tenant", "slug",
                "version", "createdAt", "updatedAt", "count", "ratio", "amount", "flag", "ref", "day", "kind", "data",
                "address", "addresses", "extra");
        assertThat(spec.columns()).extracting(TableSpec.Column::type).containsExactly(ColumnType.STRING, ColumnType.STRING,
                ColumnType.STRING, ColumnType.STRING, ColumnType.LONG, ColumnType.INSTANT, ColumnType.INSTANT,
                ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.DECIMAL, ColumnType.BOOLEAN, ColumnType.UUID,
                ColumnType.DATE, ColumnType.ENUM, ColumnType.BINARY, ColumnType.JSON, ColumnType.JSON, ColumnType.JSON);
        assertThat(spec.column("id").orElseThrow().nullable()).isFalse();
        assertThat(spec.column("version").orElseThrow().nullable()).isFalse();
        assertThat(spec.column("email").orElseThrow().nullable()).isTrue();
    }

    @Test
    @DisplayName("a minimal spec has no version, unique keys, timestamps or audit")
    void minimalSpec() {
        TableSpec<Row, String> spec = rows().build();
        assertThat(spec.versionColumn()).isEmpty();
        assertThat(spec.uniqueKeys()).isEmpty();
        assertThat(spec.createdAtColumn()).isEmpty();
        assertThat(spec.audited()).isFalse();
    }

    @Test
    @DisplayName("POJOs and primitive id types are accepted")
    void pojoAndPrimitiveIds() {
        assertThat(TableSpec.builder("pojos", Pojo.class, String.class).id("id").build().columns())
                .extracting(TableSpec.Column::name).containsExactlyInAnyOrder("id", "name");
        TableSpec<LongId, Long> spec = TableSpec.builder("longs", LongId.class, long.class).id("id").version("version").build();
        assertThat(spec.idType()).isEqualTo(Long.class);
        assertThat(spec.idOf(Map.of("id", 5))).isEqualTo(5L);
        assertThat(spec.idValue(5L)).isEqualTo(5L);
    }

    @Test
    @DisplayName("an Optional property is a nullable column of its content type")
    void optionalColumn() {
        TableSpec<WithOptional, String> spec = TableSpec.builder("opts", WithOptional.class, String.class).id("id").build();
        assertThat(spec.column("nickname").orElseThrow()).isEqualTo(new TableSpec.Column("nickname", ColumnType.STRING, String.class, true));
        assertThat(spec.checkPath("nickname")).isEqualTo("nickname");
    }

    @Test
    @DisplayName("bad table names, row types and id types are rejected")
    void badBasics() {
        for (String bad : new String[] {null, "", "1abc", "has space", "semi;colon", "a".repeat(64)}) {
            assertThatThrownBy(() -> TableSpec.builder(bad, Row.class, String.class)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> TableSpec.builder("t", Row.class, Instant.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TableSpec.builder("t", String.class, String.class).id("id").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TableSpec.builder("t", List.class, String.class).id("id").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("columns that are not properties or have the wrong type are rejected, each problem named")
    void badColumns() {
        assertThatThrownBy(() -> rows().id(null).build()).hasMessageContaining("id");
        assertThatThrownBy(() -> TableSpec.builder("rows", Row.class, String.class).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no id column");
        assertThatThrownBy(() -> rows().id("nope").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> TableSpec.builder("rows", Row.class, Long.class).id("id").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id type");
        assertThatThrownBy(() -> rows().version("email").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("int or long");
        assertThatThrownBy(() -> rows().createdAt("day").updatedAt("count").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"day\"").hasMessageContaining("\"count\"");
        assertThatThrownBy(() -> rows().unique("nope").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rows().unique("email").unique("email").build()).hasMessageContaining("twice");
        assertThatThrownBy(() -> rows().unique("email", "email").build()).hasMessageContaining("twice");
        assertThatThrownBy(() -> rows().version("id").build()).hasMessageContaining("two roles");
    }

    @Test
    @DisplayName("paths are checked against the columns and nested record fields")
    void paths() {
        TableSpec<Row, String> spec = rows().build();
        assertThat(spec.checkPath("email")).isEqualTo("email");
        assertThat(spec.checkPath("address.city")).isEqualTo("address.city");
        assertThat(spec.checkPath("addresses.zip")).isEqualTo("addresses.zip");
        assertThat(spec.checkPath("extra.anything.deep")).isEqualTo("extra.anything.deep");
        for (String bad : List.of("nope", "address.country", "count.x", "email.x", "addresses.nope", "$where", "a..b")) {
            assertThatThrownBy(() -> spec.checkPath(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        spec.checkFilter(Filter.and(Filter.eq("email", "x"), Filter.or(Filter.not(Filter.exists("address.zip", true)),
                Filter.in("count", 1, 2), Filter.nin("kind", "A"), Filter.contains("addresses.city", "x"),
                Filter.containsAll("extra.tags", "a"), Filter.startsWith("slug", "s"), Filter.gt("ratio", 1),
                Filter.gte("amount", 1), Filter.lt("day", "2024"), Filter.lte("version", 1), Filter.ne("flag", true))));
        assertThatThrownBy(() -> spec.checkFilter(Filter.or(Filter.eq("email", "x"), Filter.eq("secret", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> spec.checkFilter(null)).isInstanceOf(IllegalArgumentException.class);
        spec.checkSort(Sort.asc("email").thenDesc("address.city"));
        assertThatThrownBy(() -> spec.checkSort(Sort.asc("nope"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("ids are validated: null, blank, too long and wrong types are rejected")
    void ids() {
        TableSpec<Row, String> spec = rows().build();
        assertThat(spec.idValue("r1")).isEqualTo("r1");
        for (String bad : new String[] {null, "", "  ", "x".repeat(513), "a\0b"}) {
            assertThatThrownBy(() -> spec.idValue(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        @SuppressWarnings({"unchecked", "rawtypes"}) // simulates a caller defeating generics
        TableSpec<Row, Object> raw = (TableSpec) spec;
        assertThatThrownBy(() -> raw.idValue(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> spec.idOf(Map.of("email", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> spec.toDocument(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("retry policies validate their fields and cap the exponential backoff")
    void retryPolicy() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(50));
        assertThat(policy.backoffBefore(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(policy.backoffBefore(2)).isEqualTo(Duration.ofMillis(20));
        assertThat(policy.backoffBefore(3)).isEqualTo(Duration.ofMillis(40));
        assertThat(policy.backoffBefore(4)).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.backoffBefore(1000)).isEqualTo(Duration.ofMillis(50));
        assertThat(RetryPolicy.noRetry().maxAttempts()).isEqualTo(1);
        assertThat(RetryPolicy.defaults().maxAttempts()).isGreaterThan(1);
        assertThatThrownBy(() -> policy.backoffBefore(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
