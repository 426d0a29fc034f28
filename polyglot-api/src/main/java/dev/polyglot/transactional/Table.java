package dev.polyglot.transactional;

import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import java.util.List;
import java.util.Optional;

/**
 * The rows of one table as seen by one {@link Transaction}; writes become visible to other
 * transactions when it commits and vanish when it rolls back.
 *
 * <p>Filters and sorts name columns by their property names; dotted paths reach into nested
 * records and JSON columns ({@code "address.city"}). A path whose first segment is not a column of
 * the {@link TableSpec} is rejected with {@link IllegalArgumentException}, so identifiers are never
 * taken raw from input. Filter semantics are those of {@link Filter}; a null column value is a
 * present field holding null.
 *
 * <p>Rows are stored as copies: changing an object after writing it, or a row returned by a read,
 * never changes the stored row. Any {@link dev.polyglot.PolyglotException} thrown here aborts the
 * transaction (see {@link Transaction}).
 *
 * @param <T> the row type
 * @param <ID> the id type
 */
public interface Table<T, ID> {

    /**
     * Returns the spec this table was opened with.
     *
     * @return the spec
     */
    TableSpec<T, ID> spec();

    /**
     * Inserts a row and returns it as stored: version 1 when the spec has a version column (the
     * given version is ignored) and created/updated timestamps set to the store's current time.
     *
     * @param row the row; its id must be set
     * @return the stored row
     * @throws IllegalArgumentException if the row or its id is null or invalid
     * @throws dev.polyglot.DuplicateKeyException if the id or a unique key is taken
     */
    T insert(T row);

    /**
     * Inserts rows as one atomic statement: all of them, or (on any error) none.
     *
     * @param rows the rows; their ids must be set and distinct
     * @throws IllegalArgumentException if a row or id is null or invalid
     * @throws dev.polyglot.DuplicateKeyException if an id or unique key is taken or repeated
     */
    void insertAll(List<T> rows);

    /**
     * Replaces an existing row and returns it as stored, with the version incremented and the
     * updated timestamp set (the created timestamp keeps its stored value).
     *
     * @param row the new row; when the spec has a version column, its version must equal the
     *     stored one (optimistic locking)
     * @return the stored row
     * @throws IllegalArgumentException if the row or its id is null or invalid
     * @throws dev.polyglot.RecordNotFoundException if no row has that id
     * @throws dev.polyglot.OptimisticLockException if the row's version is not the stored one
     * @throws dev.polyglot.DuplicateKeyException if the new values take another row's unique key
     */
    T update(T row);

    /**
     * Inserts the row if its id is absent, else updates it, and returns it as stored; an update
     * checks the version exactly as {@link #update} does.
     *
     * @param row the row
     * @return the stored row
     * @throws IllegalArgumentException if the row or its id is null or invalid
     * @throws dev.polyglot.OptimisticLockException if the row exists with another version
     * @throws dev.polyglot.DuplicateKeyException if the row takes another row's unique key
     */
    T upsert(T row);

    /**
     * Deletes a row.
     *
     * @param id the row id
     * @return whether a row was deleted
     * @throws IllegalArgumentException if the id is null or invalid
     */
    boolean delete(ID id);

    /**
     * Finds a row by id.
     *
     * @param id the row id
     * @return the row, or empty
     * @throws IllegalArgumentException if the id is null or invalid
     */
    Optional<T> find(ID id);

    /**
     * Returns every row matching a filter, in id order.
     *
     * @param filter the filter; {@link Filter#all()} for every row
     * @return the rows
     * @throws IllegalArgumentException if the filter names an unknown column
     */
    List<T> query(Filter filter);

    /**
     * Returns one page of the rows matching a filter, sorted (the id is always the last sort key).
     *
     * @param filter the filter
     * @param sort the sort
     * @param page which page; keyset cursors must come from the same filter and sort
     * @return the page
     * @throws IllegalArgumentException if the filter or sort names an unknown column, or the
     *     cursor is malformed or from another sort
     */
    Page<T> query(Filter filter, Sort sort, PageRequest page);

    /**
     * Counts the rows matching a filter.
     *
     * @param filter the filter
     * @return the count
     * @throws IllegalArgumentException if the filter names an unknown column
     */
    long count(Filter filter);

    /**
     * Returns the audit log of one row, oldest first, including entries this transaction wrote.
     *
     * @param id the row id
     * @return the entries; empty if the row was never written
     * @throws IllegalArgumentException if the id is null or invalid
     * @throws IllegalStateException if the spec is not {@linkplain TableSpec.Builder#audited() audited}
     */
    List<AuditEntry<ID>> history(ID id);
}
