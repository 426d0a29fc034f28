package dev.polyglot.document;

import dev.polyglot.Store;
import dev.polyglot.codec.Codec;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Document port: flexible-schema documents in named collections, each document under a string
 * id with a revision, queried with the portable {@link dev.polyglot.query.Filter}.
 *
 * <p>Several handles may be opened on one collection (with different types or options); they all
 * see the same documents. Collections come into being on first use.
 *
 * <pre>{@code
 * record Customer(String name, String email, int visits) {}
 *
 * DocumentStore store = InMemoryDocumentStore.create();
 * DocumentCollection<Customer> customers = store.collection("customers", Customer.class);
 * customers.createIndex(IndexSpec.on("email").unique());
 * String id = customers.insert(new Customer("Ada", "ada@example.com", 0));
 * customers.update(id, Update.builder().inc("visits", 1).build());
 * List<Customer> regulars = customers.find(Filter.gte("visits", 10));
 * }</pre>
 */
public interface DocumentStore extends Store {

    /**
     * Opens a collection of records or POJOs with the default codec and options.
     *
     * @param name the collection name (letters, digits and {@code _}, starting with a letter)
     * @param type the document class
     * @param <T> the document type
     * @return the collection
     * @throws IllegalArgumentException for a bad name or a null type
     */
    default <T> DocumentCollection<T> collection(String name, Class<T> type) {
        return collection(name, type, CollectionOptions.defaults());
    }

    /**
     * Opens a collection of records or POJOs with the default codec and versioned options.
     *
     * @param name the collection name
     * @param type the document class
     * @param options schema version and upcasters
     * @param <T> the document type
     * @return the collection
     * @throws IllegalArgumentException for a bad name or a null argument
     */
    default <T> DocumentCollection<T> collection(String name, Class<T> type, CollectionOptions options) {
        if (type == null) {
            throw new IllegalArgumentException("document type must not be null");
        }
        return collection(name, Codec.of(type), options);
    }

    /**
     * Opens a collection with a custom codec.
     *
     * @param name the collection name
     * @param codec converts documents
     * @param <T> the document type
     * @return the collection
     * @throws IllegalArgumentException for a bad name or a null codec
     */
    default <T> DocumentCollection<T> collection(String name, Codec<T> codec) {
        return collection(name, codec, CollectionOptions.defaults());
    }

    /**
     * Opens a collection with a custom codec and versioned options; every other overload calls
     * this one.
     *
     * @param name the collection name
     * @param codec converts documents
     * @param options schema version and upcasters
     * @param <T> the document type
     * @return the collection
     * @throws IllegalArgumentException for a bad name or a null argument
     */
    <T> DocumentCollection<T> collection(String name, Codec<T> codec, CollectionOptions options);

    /**
     * Opens a collection of raw documents of the {@linkplain dev.polyglot.codec.DocumentValues
     * document model}: maps, lists, strings, numbers, booleans, instants, UUIDs and byte arrays.
     *
     * @param name the collection name
     * @return the collection
     * @throws IllegalArgumentException for a bad name
     */
    default DocumentCollection<Map<String, @Nullable Object>> collection(String name) {
        return collection(name, CollectionOptions.defaults());
    }

    /**
     * Opens a collection of raw documents with versioned options, so even raw reads are upcast.
     *
     * @param name the collection name
     * @param options schema version and upcasters
     * @return the collection
     * @throws IllegalArgumentException for a bad name or null options
     */
    default DocumentCollection<Map<String, @Nullable Object>> collection(String name, CollectionOptions options) {
        return collection(name, DocumentTreeCodec.INSTANCE, options);
    }

    /**
     * Deletes a collection with all its documents and indexes; handles opened before see an empty
     * collection.
     *
     * @param name the collection name
     * @return whether the collection existed
     * @throws IllegalArgumentException for a bad name
     */
    boolean dropCollection(String name);
}
