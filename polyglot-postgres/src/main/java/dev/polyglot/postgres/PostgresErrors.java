package dev.polyglot.postgres;

import dev.polyglot.DuplicateKeyException;
import dev.polyglot.NonTransientStoreException;
import dev.polyglot.PolyglotException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.TransactionConflictException;
import dev.polyglot.TransientStoreException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import org.jspecify.annotations.Nullable;

/**
 * Translates JDBC and Jdbi failures into the port's exceptions by SQLState, keeping the driver's
 * exception as the cause; the one place every PostgreSQL adapter maps errors.
 */
final class PostgresErrors {

    /** unique_violation */
    static final String UNIQUE_VIOLATION = "23505";
    /** serialization_failure */
    static final String SERIALIZATION_FAILURE = "40001";
    /** deadlock_detected */
    static final String DEADLOCK_DETECTED = "40P01";

    private PostgresErrors() {
    }

    /**
     * Returns the port exception for a failure; a {@link PolyglotException} passes through.
     *
     * @param what the operation, for the message (such as {@code "insert into accounts"})
     * @param failure what the driver or Jdbi threw
     */
    static PolyglotException translate(String what, Throwable failure) {
        if (failure instanceof PolyglotException already) {
            return already;
        }
        String state = sqlState(failure);
        if (state != null) {
            if (state.equals(UNIQUE_VIOLATION)) {
                return new DuplicateKeyException(what + " violates a unique key: " + detail(failure), failure);
            }
            if (state.equals(SERIALIZATION_FAILURE) || state.equals(DEADLOCK_DETECTED)) {
                return new TransactionConflictException(what + " conflicted with a concurrent transaction ("
                        + state + ")", failure);
            }
            if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                // connection exceptions and server shutdown: the server is not there right now
                return new StoreUnavailableException(what + " failed: PostgreSQL is unavailable (" + state + ")", failure);
            }
            if (state.equals("57014") || state.startsWith("53") || state.equals("55P03")) {
                // query cancelled (statement timeout), insufficient resources, lock not available
                return new TransientStoreException(what + " failed transiently (" + state + "): " + detail(failure), failure);
            }
            return new NonTransientStoreException(what + " failed (" + state + "): " + detail(failure), failure);
        }
        if (hasCause(failure, ConnectException.class) || hasCause(failure, java.net.SocketTimeoutException.class)) {
            return new StoreUnavailableException(what + " failed: PostgreSQL is unreachable", failure);
        }
        if (hasCause(failure, SQLTransientException.class)) {
            return new TransientStoreException(what + " failed transiently: " + detail(failure), failure);
        }
        return new NonTransientStoreException(what + " failed: " + detail(failure), failure);
    }

    /**
     * Tells whether a failure is a serialization failure or deadlock, which a transaction retries.
     *
     * @param failure what was thrown
     */
    static boolean isSerializationConflict(Throwable failure) {
        String state = sqlState(failure);
        return SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state);
    }

    /**
     * Returns the SQLState of the first {@link SQLException} in the cause chain.
     *
     * @param failure what was thrown
     */
    static @Nullable String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String detail(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return String.valueOf(sql.getMessage());
            }
        }
        return String.valueOf(failure.getMessage());
    }
}
