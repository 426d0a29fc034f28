package dev.polyglot.evolution;

import dev.polyglot.Port;

/** The rules of the advisor's decision table, each tied to the port it looks at. */
public enum AdviceRule {
    /** Cache reads (get, getAll, getOrLoad, ttl) slower at p99 than the threshold on a store that is not Redis. */
    CACHE_READS_SLOW(Port.CACHE),
    /** Vector searches slower at p99 than the threshold on an exact-scan adapter. */
    VECTOR_SEARCH_SLOW(Port.VECTOR),
    /** A vector collection larger than an exact scan can search in time, scaled by dimensions. */
    VECTOR_COLLECTION_PAST_EXACT_SCAN(Port.VECTOR),
    /** A document collection whose written documents have many distinct top-level key sets. */
    DOCUMENT_SHAPES_VARY(Port.DOCUMENT),
    /** A document collection with many upcasters, or upcasters running on most reads. */
    DOCUMENT_UPCASTERS(Port.DOCUMENT),
    /** Document updates taking most of the write time, slow at p99, on PostgreSQL's JSONB. */
    DOCUMENT_UPDATES_DOMINATE(Port.DOCUMENT),
    /** Many transactions retried after serialization failures or deadlocks. */
    TRANSACTION_RETRIES(Port.TRANSACTIONAL);

    private final Port port;

    AdviceRule(Port port) {
        this.port = port;
    }

    /**
     * Returns the port this rule looks at.
     *
     * @return the port
     */
    public Port port() {
        return port;
    }
}
