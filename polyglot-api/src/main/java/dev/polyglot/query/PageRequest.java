package dev.polyglot.query;

import org.jspecify.annotations.Nullable;

/**
 * Which page of a sorted query to return: the first page, a page at an offset, or the page after
 * an opaque keyset cursor.
 *
 * <p>Prefer keyset paging ({@link #first} then {@link Page#next()}): it costs the same on page
 * 1000 as on page 1 and neither skips nor repeats records when others are inserted or deleted
 * between pages. Offset paging is there for "jump to page N" screens. A cursor is only valid with
 * the same filter and sort it was issued for; a cursor from another sort is rejected.
 *
 * @param size the page size, 1 to {@value #MAX_SIZE}
 * @param offset records to skip (offset paging), 0 for keyset paging
 * @param cursor the cursor of the previous page's last record, or null for the first page
 * @param offsetPaging whether the following pages continue by offset rather than by cursor
 */
public record PageRequest(int size, long offset, @Nullable String cursor, boolean offsetPaging) {

    /** The largest page an adapter returns in one call. */
    public static final int MAX_SIZE = 10_000;

    /**
     * Validates the fields.
     *
     * @param size the page size, 1 to {@value #MAX_SIZE}
     * @param offset records to skip (offset paging), 0 for keyset paging
     * @param cursor the cursor of the previous page's last record, or null for the first page
     * @param offsetPaging whether the following pages continue by offset rather than by cursor
     */
    public PageRequest {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page size must be between 1 and " + MAX_SIZE + ", got " + size);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("page offset must not be negative, got " + offset);
        }
        if (cursor != null && (offset != 0 || offsetPaging)) {
            throw new IllegalArgumentException("a page request takes an offset or a cursor, not both");
        }
        if (cursor != null && cursor.isBlank()) {
            throw new IllegalArgumentException("page cursor must not be blank");
        }
    }

    /**
     * Requests the first page; its {@link Page#next()} continues with a keyset cursor.
     *
     * @param size page size
     * @return the request
     * @throws IllegalArgumentException for a size out of range
     */
    public static PageRequest first(int size) {
        return new PageRequest(size, 0, null, false);
    }

    /**
     * Requests the page that starts after skipping {@code offset} records; its
     * {@link Page#next()} continues by offset.
     *
     * @param offset records to skip
     * @param size page size
     * @return the request
     * @throws IllegalArgumentException for a negative offset or a size out of range
     */
    public static PageRequest atOffset(long offset, int size) {
        return new PageRequest(size, offset, null, true);
    }

    /**
     * Requests the page after the record a cursor points at.
     *
     * @param cursor a cursor from {@link Page#nextCursor()}
     * @param size page size
     * @return the request
     * @throws IllegalArgumentException for a blank cursor or a size out of range
     */
    public static PageRequest after(String cursor, int size) {
        if (cursor == null) {
            throw new IllegalArgumentException("page cursor must not be null");
        }
        return new PageRequest(size, 0, cursor, false);
    }

}
