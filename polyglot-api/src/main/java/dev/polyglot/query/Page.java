package dev.polyglot.query;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of query results and the request for the page after it.
 *
 * <pre>{@code
 * PageRequest request = PageRequest.first(50);
 * while (true) {
 *     Page<Order> page = orders.find(filter, Sort.desc("placedAt"), request);
 *     page.items().forEach(this::render);
 *     if (page.next().isEmpty()) break;
 *     request = page.next().get();
 * }
 * }</pre>
 *
 * @param items the records of this page, in sort order
 * @param nextPage the request for the following page, or null when this is the last page
 * @param <T> the record type
 */
public record Page<T>(List<T> items, @Nullable PageRequest nextPage) {

    /**
     * Copies the items.
     *
     * @param items the records of this page, in sort order
     * @param nextPage the request for the following page, or null when this is the last page
     */
    public Page {
        items = List.copyOf(items);
    }

    /**
     * Returns the request for the following page, empty when this is the last page.
     *
     * @return the next request
     */
    public Optional<PageRequest> next() {
        return Optional.ofNullable(nextPage);
    }

    /**
     * Returns the opaque keyset cursor of the following page, empty on the last page or with
     * offset paging.
     *
     * @return the cursor
     */
    public Optional<String> nextCursor() {
        return nextPage == null ? Optional.empty() : Optional.ofNullable(nextPage.cursor());
    }

    /**
     * Tells whether another page follows.
     *
     * @return whether {@link #next()} is present
     */
    public boolean hasNext() {
        return nextPage != null;
    }

    /**
     * Converts the items, keeping the paging state.
     *
     * @param mapper the conversion
     * @param <R> the new item type
     * @return the converted page
     */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), nextPage);
    }
}
