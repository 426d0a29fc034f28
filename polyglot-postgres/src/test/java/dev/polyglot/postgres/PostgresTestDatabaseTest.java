package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
}
