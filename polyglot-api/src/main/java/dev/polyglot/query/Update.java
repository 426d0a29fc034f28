package dev.polyglot.query;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.spi.FieldPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A list of field changes applied to one document atomically: set, unset, increment and push.
 *
 * <p>Changes run in order on the stored document, as MongoDB's {@code $set}, {@code $unset},
 * {@code $inc} and {@code $push} do: {@code set} creates missing parent objects, {@code unset} of a
 * missing field does nothing, {@code inc} of a missing field sets it to the delta (the sum of two
 * ints that overflows becomes a long), {@code push} of a missing field creates a one-element array.
 * Applying {@code inc} to a non-number, {@code push} to a non-array, or walking a path through a
 * non-object fails with {@link IllegalArgumentException} and changes nothing. Two changes may not
 * touch the same path or a path and its parent.
 *
 * <pre>{@code
 * Update update = Update.builder()
 *         .set("status", "paid")
 *         .inc("attempts", 1)
 *         .push("history", "paid at 12:00")
 *         .build();
 * }</pre>
 *
 * @param operations the changes, in order
 */
public record Update(List<Operation> operations) {

    /** One field change. */
    public sealed interface Operation {
        /**
         * Returns the changed field's path.
         *
         * @return the path
         */
        String path();
    }

    /**
     * Sets a field, creating missing parents.
     *
     * @param path field path
     * @param value the document-model value
     */
    public record Set(String path, @Nullable Object value) implements Operation {
        /**
         * Validates the path and normalizes the value.
         *
         * @param path field path
         * @param value the document-model value
         */
        public Set {
            path = FieldPaths.validate(path);
            value = checkKeys(DocumentValues.normalize(value));
        }
    }

    /**
     * Removes a field if present.
     *
     * @param path field path
     */
    public record Unset(String path) implements Operation {
        /**
         * Validates the path.
         *
         * @param path field path
         */
        public Unset {
            path = FieldPaths.validate(path);
        }
    }

    /**
     * Adds a number to a numeric field (a missing field counts as zero).
     *
     * @param path field path
     * @param delta the normalized number to add
     */
    public record Inc(String path, Number delta) implements Operation {
        /**
         * Validates the path and the delta.
         *
         * @param path field path
         * @param delta the normalized number to add
         */
        public Inc {
            path = FieldPaths.validate(path);
            if (delta == null) {
                throw new IllegalArgumentException("inc(\"" + path + "\") needs a non-null delta");
            }
            delta = (Number) Objects.requireNonNull(DocumentValues.normalize(delta));
        }
    }

    /**
     * Appends a value to an array field (a missing field becomes a one-element array).
     *
     * @param path field path
     * @param value the document-model value to append
     */
    public record Push(String path, @Nullable Object value) implements Operation {
        /**
         * Validates the path and normalizes the value.
         *
         * @param path field path
         * @param value the document-model value to append
         */
        public Push {
            path = FieldPaths.validate(path);
            value = checkKeys(DocumentValues.normalize(value));
        }
    }

    /**
     * Copies the list and rejects conflicting paths.
     *
     * @param operations the changes, in order
     */
    public Update {
        operations = List.copyOf(operations);
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one change");
        }
        for (int i = 0; i < operations.size(); i++) {
            for (int j = i + 1; j < operations.size(); j++) {
                String a = operations.get(i).path();
                String b = operations.get(j).path();
                if (a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".")) {
                    throw new IllegalArgumentException("update paths \"" + a + "\" and \"" + b + "\" conflict");
                }
            }
        }
    }

    /**
     * Starts an update.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static @Nullable Object checkKeys(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                FieldPaths.validateKey((String) e.getKey());
                checkKeys(e.getValue());
            }
        } else if (value instanceof List<?> list) {
            list.forEach(Update::checkKeys);
        }
        return value;
    }

    /** Collects changes for an {@link Update}. */
    public static final class Builder {
        private final List<Operation> operations = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets a field.
         *
         * @param path field path
         * @param value any value the document model holds (records should be encoded first)
         * @return this builder
         * @throws IllegalArgumentException for a bad path or value
         */
        public Builder set(String path, @Nullable Object value) {
            operations.add(new Set(path, value));
            return this;
        }

        /**
         * Removes a field.
         *
         * @param path field path
         * @return this builder
         * @throws IllegalArgumentException for a bad path
         */
        public Builder unset(String path) {
            operations.add(new Unset(path));
            return this;
        }

        /**
         * Adds to a numeric field.
         *
         * @param path field path
         * @param delta the amount
         * @return this builder
         * @throws IllegalArgumentException for a bad path or a non-finite delta
         */
        public Builder inc(String path, Number delta) {
            operations.add(new Inc(path, delta));
            return this;
        }

        /**
         * Appends to an array field.
         *
         * @param path field path
         * @param value the element
         * @return this builder
         * @throws IllegalArgumentException for a bad path or value
         */
        public Builder push(String path, @Nullable Object value) {
            operations.add(new Push(path, value));
            return this;
        }

        /**
         * Builds the update.
         *
         * @return the update
         * @throws IllegalArgumentException if no change was added or two changes conflict
         */
        public Update build() {
            return new Update(operations);
        }
    }
}
