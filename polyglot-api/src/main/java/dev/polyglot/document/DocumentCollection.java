package dev.polyglot.document;

import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A named collection of documents of one type, each stored under a string id with a revision.
 *
 * <p>The id is not part of the document: a record need not have an id field, and the top-level
 * field {@code _id} is reserved (see {@link DocumentKeys}). Every write stores a deep copy of the
 * encoded document and every read decodes a fresh object. The revision of a document is 1 when it
 * is created and grows by 1 on every write; {@code put} and {@code update} take an expected
 * revision for compare-and-set. Documents expired by a {@linkplain IndexSpec#ttl TTL index} are
 * invisible to every operation.
 *
 * <p>Invalid input (null or blank ids, null documents or filters, invalid keys, a bad page
 * request, an expected revision below 1) fails with {@link IllegalArgumentException} before
 * anything is written. Store failures surface as {@link dev.polyglot.PolyglotException}s. After
 * the store is closed every method throws {@link IllegalStateException}.
 *
 * @param <T> the document type
 */
public interface DocumentCollection<T> {

    /**
     * Returns the collection name.
     *
     * @return the name
     */
    String name();

    /**
     * Stores a new document under a generated id (random UUID text).
     *
     * @param document the document
     * @return the generated id
     * @throws IllegalArgumentException for a null document or one with invalid keys
     * @throws dev.polyglot.DuplicateKeyException if a unique index clashes
     */
    String insert(T document);

    /**
     * Stores a new document under an id, with revision 1.
     *
     * @param id the id
     * @param document the document
     * @throws IllegalArgumentException for a bad id, a null document or one with invalid keys
     * @throws dev.polyglot.DuplicateKeyException if a document with that id exists, or a unique
     *     index clashes
     */
    void insert(String id, T document);

    /**
     * Creates or replaces a document.
     *
     * @param id the id
     * @param document the document
     * @return the new revision (1 when the document was created)
     * @throws IllegalArgumentException for a bad id, a null document or one with invalid keys
     * @throws dev.polyglot.DuplicateKeyException if a unique index clashes
     */
    long put(String id, T document);

    /**
     * Replaces a document only if its revision is still the expected one (compare-and-set).
     *
     * @param id the id
     * @param document the document
     * @param expectedRevision the revision the caller read, at least 1
     * @return the new revision, {@code expectedRevision + 1}
     * @throws IllegalArgumentException for a bad id, a null document, invalid keys or an expected
     *     revision below 1
     * @throws dev.polyglot.OptimisticLockException if the document is absent or has another
     *     revision; nothing is written
     * @throws dev.polyglot.DuplicateKeyException if a unique index clashes
     */
    long put(String id, T document, long expectedRevision);

    /**
     * Reads a document.
     *
     * @param id the id
     * @return the document, or empty if there is none (or it expired)
     * @throws IllegalArgumentException for a bad id, or a stored document that does not decode
     */
    Optional<T> get(String id);

    /**
     * Reads a document together with its id and revision.
     *
     * @param id the id
     * @return the stored document, or empty if there is none (or it expired)
     * @throws IllegalArgumentException for a bad id, or a stored document that does not decode
     */
    Optional<StoredDocument<T>> getDocument(String id);

    /**
     * Deletes a document.
     *
     * @param id the id
     * @return whether a document was deleted
     * @throws IllegalArgumentException for a bad id
     */
    boolean delete(String id);

    /**
     * Returns every document matching a filter, in id order.
     *
     * @param filter the filter ({@link Filter#all()} for everything)
     * @return the matching documents
     * @throws IllegalArgumentException for a null filter or one naming {@code _id}
     */
    List<T> find(Filter filter);

    /**
     * Returns one page of the documents matching a filter, in sort order (ties broken by id).
     *
     * @param filter the filter
     * @param sort the order
     * @param page which page: first, at an offset, or after a cursor issued for the same sort
     * @return the page
     * @throws IllegalArgumentException for a null argument, a path naming {@code _id}, or a cursor
     *     that is malformed or was issued for another sort
     */
    Page<T> find(Filter filter, Sort sort, PageRequest page);

    /**
     * Counts the documents matching a filter.
     *
     * @param filter the filter
     * @return the count
     * @throws IllegalArgumentException for a null filter or one naming {@code _id}
     */
    long count(Filter filter);

    /**
     * Applies an update to one document atomically, on its stored form.
     *
     * <p>The stored schema version of the document is kept: an update changes fields, it does not
     * migrate the document.
     *
     * @param id the id
     * @param update the changes
     * @return the updated document, or empty if there is none
     * @throws IllegalArgumentException for a bad id, a null update, a path naming {@code _id}, or a
     *     change that does not fit the stored document (inc of a non-number, push to a
     *     non-array); nothing is written then
     * @throws dev.polyglot.DuplicateKeyException if a unique index clashes
     */
    Optional<T> update(String id, Update update);

    /**
     * Applies an update only if the document's revision is still the expected one.
     *
     * @param id the id
     * @param update the changes
     * @param expectedRevision the revision the caller read, at least 1
     * @return the updated document, or empty if there is none
     * @throws IllegalArgumentException as {@link #update(String, Update)} does, or for an expected
     *     revision below 1
     * @throws dev.polyglot.OptimisticLockException if the document has another revision; nothing is
     *     written
     * @throws dev.polyglot.DuplicateKeyException if a unique index clashes
     */
    Optional<T> update(String id, Update update, long expectedRevision);

    /**
     * Creates an index if it does not exist yet; creating the same index again does nothing.
     *
     * @param spec the index
     * @throws IllegalArgumentException for a null spec
     * @throws dev.polyglot.DuplicateKeyException if the index is unique and existing documents
     *     already clash; no index is created
     * @throws dev.polyglot.StoreConfigurationException if an index on the same paths exists with
     *     other options (unique or TTL)
     */
    void createIndex(IndexSpec spec);

    /**
     * Streams every document in id order, for migrations and exports; close the stream when done
     * (try-with-resources). The stream is weakly consistent: it may or may not see writes made
     * while it is open.
     *
     * @return the documents with their ids and revisions
     */
    Stream<StoredDocument<T>> scan();
}
