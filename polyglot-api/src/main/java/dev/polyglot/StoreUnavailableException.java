package dev.polyglot;

import org.jspecify.annotations.Nullable;

/** The store cannot be reached (connection refused, server down); retry later. */
public class StoreUnavailableException extends TransientStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which store could not be reached, with host and port where known
     * @param cause the driver exception, if any
     */
    public StoreUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
