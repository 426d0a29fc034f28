package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The shared test database")
class PostgresTestDatabaseTest {

    @Test
    @DisplayName("answers queries on a real PostgreSQL server")
    void answers() throws Exception {
        try (Connection c = PostgresTestDatabase.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_setting('server_version_num')::int")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(150000);
        }
    }

    @Test
    @DisplayName("serves Jdbi handles (naming Handle compiles without warnings)")
    void servesJdbi() {
        try (Handle handle = Jdbi.create(PostgresTestDatabase.dataSource()).open()) {
            assertThat(handle.createQuery("select :a + 1").bind("a", 41).mapTo(Integer.class).one()).isEqualTo(42);
        }
    }
}
