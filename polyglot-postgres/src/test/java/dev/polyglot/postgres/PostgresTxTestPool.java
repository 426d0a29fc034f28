package dev.polyglot.postgres;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal connection pool for tests, standing in for the HikariCP pool applications use: the
 * embedded server's data source opens a new server process per connection, which would dominate
 * the run time of the concurrency tests. Closing a pooled connection rolls back what is open and
 * keeps it for reuse.
 */
final class PostgresTxTestPool implements DataSource {

    private static volatile PostgresTxTestPool shared;

    private final DataSource target;
    private final BlockingDeque<Connection> idle = new LinkedBlockingDeque<>(32);

    private PostgresTxTestPool(DataSource target) {
        this.target = target;
    }

    /** The pool over the shared test database. */
    static DataSource dataSource() {
        PostgresTxTestPool pool = shared;
        if (pool == null) {
            synchronized (PostgresTxTestPool.class) {
                pool = shared;
                if (pool == null) {
                    pool = new PostgresTxTestPool(PostgresTestDatabase.dataSource());
                    shared = pool;
                }
            }
        }
        return pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = idle.pollFirst();
        if (real == null || real.isClosed()) {
            real = target.getConnection();
        }
        Connection connection = real;
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        giveBack(connection);
                        return null;
                    }
                    if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                        return method.invoke(connection, args);
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void giveBack(Connection connection) {
        try {
            if (connection.isClosed()) {
                return;
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            if (!idle.offerFirst(connection)) {
                connection.close();
            }
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken connection: dropped
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the test pool uses the shared credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no logging
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the target's timeout applies
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
