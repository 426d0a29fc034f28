package dev.polyglot;

import org.jspecify.annotations.Nullable;

/** An operation that needs an existing record (such as a table update) found none. */
public class RecordNotFoundException extends NonTransientStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which record was missing
     * @param cause the driver exception, if any
     */
    public RecordNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
