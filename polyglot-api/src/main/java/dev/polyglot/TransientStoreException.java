package dev.polyglot;

import org.jspecify.annotations.Nullable;

/**
 * A failure that may succeed when retried unchanged: lost connection, timeout, serialization
 * conflict.
 */
public class TransientStoreException extends PolyglotException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a transient failure.
     *
     * @param message what went wrong
     * @param cause the driver exception, if any
     */
    public TransientStoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
