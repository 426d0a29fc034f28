package dev.polyglot;

/** The four repository ports an application talks to. */
public enum Port {
    /** ACID tables: accounts, billing, audit. */
    TRANSACTIONAL,
    /** Flexible-schema JSON documents: conversations, API responses. */
    DOCUMENT,
    /** Key-value entries with expiry: sessions, rate limits, hot keys. */
    CACHE,
    /** Embeddings and similarity search. */
    VECTOR;

    /**
     * Returns the configuration key naming this port's store URI, such as
     * {@code polyglot.cache.uri}.
     *
     * @return the property key
     */
    public String uriProperty() {
        return "polyglot." + name().toLowerCase(java.util.Locale.ROOT) + ".uri";
    }
}
