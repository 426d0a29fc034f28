package dev.polyglot;

import org.jspecify.annotations.Nullable;

/**
 * A write carried a version or revision that is no longer current: someone else changed the
 * record first. Re-read and try again.
 */
public class OptimisticLockException extends NonTransientStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which record and which versions clashed
     * @param cause the driver exception, if any
     */
    public OptimisticLockException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
