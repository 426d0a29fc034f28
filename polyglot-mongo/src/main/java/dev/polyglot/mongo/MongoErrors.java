package dev.polyglot.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoSocketWriteTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import dev.polyglot.DuplicateKeyException;
import dev.polyglot.NonTransientStoreException;
import dev.polyglot.PolyglotException;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.TransientStoreException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Translates driver exceptions into the port's exceptions, keeping the driver's as the cause. */
final class MongoErrors {
    /** Server codes of an update that does not fit the stored document (BadValue, TypeMismatch, PathNotViable...). */
    private static final Set<Integer> UPDATE_DOES_NOT_FIT = Set.of(2, 14, 28, 40);
    /** IndexOptionsConflict, IndexKeySpecsConflict, IndexAlreadyExists. */
    private static final Set<Integer> INDEX_CONFLICT = Set.of(68, 85, 86);
    private static final Pattern INDEX_NAME = Pattern.compile("index: (\\S+)");

    private MongoErrors() {
    }

    /** The server error code of a driver exception, or -1. */
    static int code(MongoException e) {
        if (e instanceof MongoWriteException w) {
            return w.getError().getCode();
        }
        if (e instanceof MongoBulkWriteException b && !b.getWriteErrors().isEmpty()) {
            return b.getWriteErrors().get(0).getCode();
        }
        return e.getCode();
    }

    /** Whether a driver exception is a duplicate key error (11000 and its older forms). */
    static boolean isDuplicateKey(MongoException e) {
        return ErrorCategory.fromErrorCode(code(e)) == ErrorCategory.DUPLICATE_KEY;
    }

    /** Whether the server rejected an update as not fitting the stored document. */
    static boolean isUpdateMismatch(MongoException e) {
        return e instanceof MongoServerException && UPDATE_DOES_NOT_FIT.contains(code(e));
    }

    /** The name of the index a duplicate key error names, such as {@code email_1}; null if unknown. */
    static @Nullable String duplicateIndex(MongoException e) {
        Matcher m = INDEX_NAME.matcher(String.valueOf(e.getMessage()));
        return m.find() ? m.group(1) : null;
    }

    /**
     * Translates a driver exception.
     *
     * @param what what was being done, naming the collection and id, for the message
     * @param e the driver exception
     * @return the port exception to throw
     */
    static PolyglotException translate(String what, MongoException e) {
        String message = "MongoDB failed to " + what + ": " + e.getMessage();
        if (isDuplicateKey(e)) {
            return new DuplicateKeyException(message, e);
        }
        if (e instanceof MongoTimeoutException || e instanceof MongoSocketOpenException
                || e instanceof MongoServerUnavailableException) {
            return new StoreUnavailableException(message, e);
        }
        if (e instanceof MongoOperationTimeoutException || e instanceof MongoExecutionTimeoutException
                || e instanceof MongoSocketReadTimeoutException || e instanceof MongoSocketWriteTimeoutException
                || e instanceof MongoSocketException || e instanceof MongoConnectionPoolClearedException
                || e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoInterruptedException || e instanceof MongoWriteConcernException
                || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                || e.hasErrorLabel("RetryableWriteError")) {
            return new TransientStoreException(message, e);
        }
        if (INDEX_CONFLICT.contains(code(e))) {
            return new StoreConfigurationException(message, e);
        }
        if (e instanceof MongoClientException) {
            return new StoreConfigurationException(message, e);
        }
        return new NonTransientStoreException(message, e);
    }
}
