package dev.polyglot.postgres;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal connection-reusing wrapper around the shared test {@link DataSource}, standing in for
 * the pool (HikariCP) an application gives the store: the fixture's data source opens a new
 * PostgreSQL backend per connection, which makes the kit's 8000 concurrent increments slower than
 * the 5-second TTL they run under. At most {@value #MAX_ACTIVE} connections are lent at once (more
 * callers wait, as with a pool), so 100 concurrent callers cannot exhaust a shared server's
 * {@code max_connections}; connections closed by the store go back to an idle queue. Nothing here is
 * part of the adapter.
 */
final class PostgresCacheTestPool implements DataSource {
    private static final int MAX_ACTIVE = 32;

    private static volatile PostgresCacheTestPool shared;

    private final DataSource target;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(MAX_ACTIVE);
    private final Semaphore active = new Semaphore(MAX_ACTIVE, true);

    private PostgresCacheTestPool(DataSource target) {
        this.target = target;
    }

    /** Returns the pool over {@link PostgresTestDatabase#dataSource()}, one per test JVM. */
    static DataSource dataSource() {
        PostgresCacheTestPool pool = shared;
        if (pool == null) {
            synchronized (PostgresCacheTestPool.class) {
                pool = shared;
                if (pool == null) {
                    pool = new PostgresCacheTestPool(PostgresTestDatabase.dataSource());
                    shared = pool;
                }
            }
        }
        return pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            active.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a test connection", e);
        }
        try {
            Connection physical;
            while ((physical = idle.poll()) != null) {
                if (!physical.isClosed()) {
                    return lend(physical);
                }
            }
            return lend(target.getConnection());
        } catch (SQLException | RuntimeException e) {
            active.release();
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the test pool only lends the fixture's connections");
    }

    private Connection lend(Connection physical) {
        boolean[] returned = new boolean[1];
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "close" -> {
                    if (!returned[0]) {
                        returned[0] = true;
                        try {
                            giveBack(physical);
                        } finally {
                            active.release();
                        }
                    }
                    return null;
                }
                case "isClosed" -> {
                    return returned[0] || physical.isClosed();
                }
                default -> {
                    if (returned[0]) {
                        throw new SQLException("connection already returned to the test pool");
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    private void giveBack(Connection physical) throws SQLException {
        if (physical.isClosed()) {
            return;
        }
        if (!physical.getAutoCommit()) {
            physical.rollback();
            physical.setAutoCommit(true);
        }
        if (!idle.offer(physical)) {
            physical.close();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || target.isWrapperFor(type);
    }
}
