package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.memory.InMemoryTransactionalStore;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionalStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Differential test: the same rows, filters, sorts and pages on PostgreSQL and on the in-memory
 * reference adapter give the same ids in the same order.
 */
class PostgresTxDifferentialTest {

    /** A nested record (a jsonb column). */
    record Place(String city, String zip, List<Integer> codes) {
    }

    /** A row with nullable columns of many types. */
    record Row(String id, String name, Integer qty, double price, BigDecimal amount, Boolean active, Instant at, UUID ref,
            LocalDate day, Place place, List<String> tags, List<Place> visits) {
    }

    private static final String[] NAMES = {null, "a", "A", "b", "ab", "Ab", "é", "z", "Zebra", "10", "9", " "};
    private static final String[] CITIES = {null, "Paris", "Berlin", "paris", "Rome", "Łódź"};

    private static <V> V pick(Random random, V[] values) {
        return values[random.nextInt(values.length)];
    }

    private static List<Row> rows(Random random) {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Place place = random.nextInt(4) == 0 ? null
                    : new Place(pick(random, CITIES), random.nextBoolean() ? null : "z" + random.nextInt(3),
                            List.of(random.nextInt(3), random.nextInt(3)));
            List<Place> visits = new ArrayList<>();
            for (int v = random.nextInt(3); v > 0; v--) {
                visits.add(new Place(pick(random, CITIES), null, List.of()));
            }
            out.add(new Row(String.format("r%02d", random.nextInt(1000)) + "-" + i, pick(random, NAMES),
                    random.nextInt(5) == 0 ? null : random.nextInt(4) - 1,
                    random.nextInt(4) * 0.5, random.nextInt(3) == 0 ? null : new BigDecimal(random.nextInt(5)).movePointLeft(1),
                    random.nextInt(3) == 0 ? null : random.nextBoolean(),
                    random.nextInt(3) == 0 ? null : Instant.parse("2024-01-01T00:00:00Z").plusSeconds(random.nextInt(4) * 3600L),
                    random.nextInt(3) == 0 ? null : new UUID(random.nextInt(3) - 1L, random.nextInt(3)),
                    random.nextInt(3) == 0 ? null : LocalDate.of(2024, 1, 1 + random.nextInt(3)),
                    place, random.nextBoolean() ? List.of() : List.of(pick(random, new String[] {"x", "y", "z"}), "w"), visits));
        }
        return out;
    }

    @RepeatedTest(5)
    void filtersSortsAndPagesMatchTheReferenceAdapter() {
        long seed = ThreadLocalRandom.current().nextLong();
        Random random = new Random(seed);
        TableSpec<Row, String> spec = TableSpec.builder("diff_" + Long.toHexString(seed & Long.MAX_VALUE), Row.class, String.class)
                .id("id").build();
        List<Row> rows = rows(random);
        try (TransactionalStore postgres = PostgresTransactionalStore.create(PostgresTestDatabase.dataSource());
                TransactionalStore memory = InMemoryTransactionalStore.create()) {
            for (TransactionalStore store : List.of(postgres, memory)) {
                store.createTables(spec);
                store.useTransaction(t -> t.table(spec).insertAll(rows));
            }
            List<Filter> filters = List.of(Filter.all(), Filter.eq("name", null), Filter.eq("name", "a"), Filter.ne("name", "a"),
                    Filter.gt("name", "a"), Filter.lte("name", "Ab"), Filter.startsWith("name", "A"), Filter.in("name", "b", null),
                    Filter.nin("name", "b", null), Filter.eq("qty", null), Filter.eq("qty", 1.0), Filter.gte("qty", 0),
                    Filter.lt("qty", new BigDecimal("0.5")), Filter.gt("price", 0.5), Filter.eq("price", 1),
                    Filter.gte("amount", new BigDecimal("0.2")), Filter.eq("amount", 0), Filter.eq("active", true),
                    Filter.ne("active", true), Filter.eq("active", null), Filter.gt("at", Instant.parse("2024-01-01T00:00:00Z")),
                    Filter.eq("ref", new UUID(0, 1)), Filter.gt("ref", new UUID(0, 0)), Filter.eq("day", LocalDate.of(2024, 1, 2)),
                    Filter.gt("day", "2024-01-01"), Filter.eq("place", null), Filter.eq("place.city", "Paris"),
                    Filter.eq("place.city", null), Filter.ne("place.city", "Paris"), Filter.exists("place.zip", true),
                    Filter.exists("place.zip", false), Filter.eq("place.zip", null), Filter.gte("place.city", "P"),
                    Filter.eq("place.codes", 2), Filter.contains("place.codes", 0), Filter.containsAll("place.codes", 0, 1),
                    Filter.gt("place.codes", 1), Filter.eq("tags", "w"), Filter.contains("tags", "x"), Filter.eq("tags", null),
                    Filter.eq("visits.city", "Rome"), Filter.eq("visits.city", null), Filter.exists("visits.city", true),
                    Filter.startsWith("visits.city", "R"), Filter.nin("visits.city", "Rome", "Paris"), Filter.eq("visits.zip", null),
                    Filter.or(Filter.eq("active", false), Filter.not(Filter.exists("place.city", true))),
                    Filter.and(Filter.gte("qty", 0), Filter.not(Filter.eq("name", null))), Filter.eq("qty", "1"),
                    Filter.gt("name", 1));
            for (Filter filter : filters) {
                List<String> expected = memory.inTransaction(t -> t.table(spec).query(filter).stream().map(Row::id).toList());
                List<String> actual = postgres.inTransaction(t -> t.table(spec).query(filter).stream().map(Row::id).toList());
                assertThat(actual).as("seed %s, filter %s", seed, filter).isEqualTo(expected);
                long count = postgres.inTransaction(t -> t.table(spec).count(filter));
                assertThat(count).as("seed %s, count %s", seed, filter).isEqualTo(expected.size());
            }
            List<Sort> sorts = List.of(Sort.unsorted(), Sort.asc("name"), Sort.desc("name"), Sort.asc("qty").thenDesc("name"),
                    Sort.desc("price").thenAsc("amount"), Sort.asc("active").thenDesc("at"), Sort.desc("ref"), Sort.asc("day"),
                    Sort.asc("place.city"), Sort.desc("place.zip").thenAsc("qty"), Sort.asc("visits.city"));
            // Sorting by a path holding arrays or documents orders them by family, then by jsonb text:
            // keyset paging is exact, but the order within those families is not DocumentSorts' order.
            Sort byArray = Sort.desc("place.codes").thenAsc("place");
            assertThat(walk(postgres, spec, byArray, Filter.all(), 7)).as("seed %s, keyset pages of %s", seed, byArray)
                    .isEqualTo(walk(postgres, spec, byArray, Filter.all(), 200)).hasSize(rows.size());
            for (Sort sort : sorts) {
                List<String> expected = walk(memory, spec, sort, Filter.all(), 200);
                assertThat(walk(postgres, spec, sort, Filter.all(), 200)).as("seed %s, sort %s", seed, sort).isEqualTo(expected);
                assertThat(walk(postgres, spec, sort, Filter.all(), 7)).as("seed %s, keyset pages of %s", seed, sort)
                        .isEqualTo(expected);
                Filter some = Filter.ne("name", "a");
                assertThat(walk(postgres, spec, sort, some, 5)).as("seed %s, filtered pages of %s", seed, sort)
                        .isEqualTo(walk(memory, spec, sort, some, 5));
            }
        }
    }

    private static List<String> walk(TransactionalStore store, TableSpec<Row, String> spec, Sort sort, Filter filter, int size) {
        List<String> out = new ArrayList<>();
        PageRequest request = PageRequest.first(size);
        for (int pages = 0; request != null; pages++) {
            assertThat(pages).as("pages of %s", sort).isLessThan(100);
            PageRequest current = request;
            Page<Row> page = store.inTransaction(t -> t.table(spec).query(filter, sort, current));
            page.items().forEach(r -> out.add(r.id()));
            request = page.next().orElse(null);
        }
        return out;
    }
}
