package dev.polyglot;

import org.jspecify.annotations.Nullable;

/**
 * A transaction was aborted because it conflicted with a concurrent one (serialization failure,
 * deadlock). Stores retry these automatically up to their retry policy; this surfaces when the
 * retries are used up.
 */
public class TransactionConflictException extends TransientStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what conflicted
     * @param cause the driver exception, if any
     */
    public TransactionConflictException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
