package dev.polyglot;

import org.jspecify.annotations.Nullable;

/** A write would break a unique key or id; nothing was written. */
public class DuplicateKeyException extends NonTransientStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which key or index clashed
     * @param cause the driver exception, if any
     */
    public DuplicateKeyException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
