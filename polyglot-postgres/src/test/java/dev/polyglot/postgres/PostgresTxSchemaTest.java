package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.DuplicateKeyException;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.query.Filter;
import dev.polyglot.transactional.TableSpec;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** TableSpec to table: type mapping, validation of migrated schemas, batch inserts, escape hatches. */
class PostgresTxSchemaTest {

    /** An enum column. */
    enum Tier {
        FREE,
        PRO
    }

    /** One column of every mapped type. */
    record Customer(String id, String email, int seats, long credits, double ratio, BigDecimal owed, boolean active,
            UUID ref, Instant seen, LocalDate born, Tier tier, List<String> tags, long version) {
    }

    private static final DataSource DATA_SOURCE = PostgresTestDatabase.dataSource();

    private static String name(String prefix) {
        return prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    private static TableSpec<Customer, String> spec(String table) {
        return TableSpec.builder(table, Customer.class, String.class).id("id").version("version").unique("email").build();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DATA_SOURCE.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> columnTypes(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DATA_SOURCE.getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                        + " WHERE a.attrelid = '" + table + "'::regclass AND a.attnum > 0 ORDER BY a.attnum")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void createTablesMapsEveryTypeAndValidateSchemaAcceptsIt() throws SQLException {
        try (PostgresTransactionalStore store = PostgresTransactionalStore.create(DATA_SOURCE)) {
            String table = name("cust");
            TableSpec<Customer, String> spec = spec(table);
            store.createTables(spec);
            store.createTables(spec);
            store.validateSchema(spec);
            assertThat(columnTypes(table)).containsExactly("id text", "email text", "seats integer", "credits bigint",
                    "ratio double precision", "owed numeric", "active boolean", "ref uuid", "seen timestamp with time zone",
                    "born date", "tier text", "tags jsonb", "version bigint");
        }
    }

    @Test
    void validateSchemaNamesEveryMismatchOfAMigratedTable() throws SQLException {
        String table = name("migrated");
        // What a hand-written migration might get wrong: a type, a missing column, a missing unique constraint.
        execute("CREATE TABLE " + table + " (id text PRIMARY KEY, email varchar(320), seats bigint NOT NULL,"
                + " credits bigint NOT NULL, ratio double precision NOT NULL, owed numeric(12,2), active boolean NOT NULL,"
                + " ref uuid, seen timestamptz, born date, tier text, version bigint NOT NULL)");
        try (PostgresTransactionalStore store = PostgresTransactionalStore.create(DATA_SOURCE)) {
            TableSpec<Customer, String> spec = spec(table);
            assertThatThrownBy(() -> store.validateSchema(spec))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("column " + table + ".seats is bigint but the spec needs integer")
                    .hasMessageContaining("table " + table + " has no column tags")
                    .hasMessageContaining("table " + table + " has no unique constraint on [email]")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(".email").doesNotContain(".owed"));
            assertThatThrownBy(() -> store.createTables(spec)).isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("seats");
            assertThatThrownBy(() -> store.useTransaction(t -> t.table(spec).count(Filter.all())))
                    .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("tags");
            execute("ALTER TABLE " + table + " ALTER COLUMN seats TYPE integer, ADD COLUMN tags jsonb,"
                    + " ADD CONSTRAINT " + table + "_email UNIQUE (email)");
            store.validateSchema(spec);
            TableSpec<Customer, String> audited = TableSpec.builder(table, Customer.class, String.class).id("id")
                    .version("version").unique("email").audited().build();
            store.createTables(audited);
            store.validateSchema(audited);
        }
    }

    @Test
    void insertAllWritesTenThousandRowsAtomicallyInOneStatement() {
        NotPgjdbc watched = new NotPgjdbc(DATA_SOURCE, true);
        insertTenThousandRows(watched.dataSource());
        assertThat(watched.unwrapped).as("COPY through pgjdbc's connection").isTrue();
    }

    @Test
    void insertAllWithoutPgjdbcsConnectionInsertsFromArrays() {
        NotPgjdbc hidden = new NotPgjdbc(DATA_SOURCE, false);
        insertTenThousandRows(hidden.dataSource());
        assertThat(hidden.asked).as("the store looked for pgjdbc's connection").isTrue();
        assertThat(hidden.unwrapped).isFalse();
    }

    /**
     * A DataSource whose connections either pass through or hide that they wrap pgjdbc's
     * connection (as some pool or tracing wrappers do), recording what the store asked.
     */
    static final class NotPgjdbc {
        private final DataSource target;
        private final boolean expose;
        volatile boolean asked;
        volatile boolean unwrapped;

        NotPgjdbc(DataSource target, boolean expose) {
            this.target = target;
            this.expose = expose;
        }

        DataSource dataSource() {
            return proxy(DataSource.class, target, (method, args) -> {
                Object result = method.invoke(target, args);
                return result instanceof Connection c ? proxy(Connection.class, c, (m, a) -> connectionCall(c, m, a)) : result;
            });
        }

        private Object connectionCall(Connection c, java.lang.reflect.Method m, Object[] a) throws Exception {
            if (a != null && a.length == 1 && a[0] == org.postgresql.PGConnection.class) {
                if (m.getName().equals("isWrapperFor")) {
                    asked = true;
                    return expose && c.isWrapperFor(org.postgresql.PGConnection.class);
                }
                if (m.getName().equals("unwrap")) {
                    unwrapped = true;
                }
            }
            return m.invoke(c, a);
        }

        interface Call {
            Object invoke(java.lang.reflect.Method method, Object[] args) throws Exception;
        }

        private static <X> X proxy(Class<X> type, Object target, Call call) {
            return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (self, method, args) -> {
                        try {
                            return call.invoke(method, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }));
        }
    }

    private static void insertTenThousandRows(DataSource dataSource) {
        try (PostgresTransactionalStore store = PostgresTransactionalStore.create(dataSource)) {
            TableSpec<Customer, String> spec = spec(name("batch"));
            store.createTables(spec);
            List<Customer> rows = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                rows.add(new Customer("c" + i, "c" + i + "@x.io", i, i * 10L, i / 3.0, new BigDecimal(i).movePointLeft(2),
                        i % 2 == 0, UUID.randomUUID(), Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i),
                        LocalDate.of(2000, 1, 1).plusDays(i), i % 3 == 0 ? Tier.PRO : Tier.FREE, List.of("t" + i), 0));
            }
            store.useTransaction(t -> t.table(spec).insertAll(rows));
            long count = store.inTransaction(t -> t.table(spec).count(Filter.all()));
            assertThat(count).isEqualTo(10_000);
            Customer c7 = store.inTransaction(t -> t.table(spec).find("c7")).orElseThrow();
            assertThat(c7).isEqualTo(new Customer("c7", "c7@x.io", 7, 70, 7 / 3.0, new BigDecimal("0.07"), false, rows.get(7).ref(),
                    rows.get(7).seen(), rows.get(7).born(), Tier.FREE, List.of("t7"), 1));
            List<Customer> clash = List.of(rows.get(0), new Customer("fresh", "fresh@x.io", 1, 1, 1, null, true, null, null, null,
                    null, List.of(), 0));
            assertThatThrownBy(() -> store.useTransaction(t -> t.table(spec).insertAll(List.of(clash.get(1), clash.get(0)))))
                    .isInstanceOf(DuplicateKeyException.class).hasMessageContaining(spec.table());
            var fresh = store.inTransaction(t -> t.table(spec).find("fresh"));
            assertThat(fresh).isEmpty();
        }
    }

    @Test
    void unwrapGivesTheJdbiAndTheDataSource() {
        try (PostgresTransactionalStore store = PostgresTransactionalStore.create(DATA_SOURCE)) {
            assertThat(store.unwrap(Jdbi.class)).isNotNull();
            assertThat(store.unwrap(DataSource.class)).isSameAs(DATA_SOURCE);
            assertThat(store.unwrap(PostgresTransactionalStore.class)).isSameAs(store);
            assertThatThrownBy(() -> store.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
