package dev.polyglot.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed store URI such as {@code memory:}, {@code postgresql://db:5432/app} or
 * {@code redis://cache:6379?timeout=2s}: the scheme picks the adapter, the rest is the adapter's.
 *
 * <p>{@link #toString()} hides any password, so a URI can be logged.
 *
 * @param scheme the lower-case scheme
 * @param text the whole URI as given (trimmed)
 * @param parameters the decoded query parameters, in order
 */
public record StoreUri(String scheme, String text, Map<String, String> parameters) {

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

    /**
     * Copies the parameters.
     *
     * @param scheme the lower-case scheme
     * @param text the whole URI as given (trimmed)
     * @param parameters the decoded query parameters, in order
     */
    public StoreUri {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Parses a store URI; a bare scheme such as {@code memory:} is allowed.
     *
     * @param text the URI text
     * @return the parsed URI
     * @throws IllegalArgumentException naming what is wrong: blank, no scheme, bad syntax
     */
    public static StoreUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("store URI must not be blank");
        }
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || !SCHEME.matcher(trimmed.substring(0, colon)).matches()) {
            throw new IllegalArgumentException("store URI \"" + redact(trimmed)
                    + "\" has no scheme; start it with memory:, postgresql://, mongodb://, redis:// or hnsw:");
        }
        String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (colon < trimmed.length() - 1) {
            URI uri = toUri(trimmed);
            String query = uri.getRawQuery();
            if (query != null && !query.isEmpty()) {
                for (String pair : query.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    parameters.put(key, value);
                }
            }
        }
        return new StoreUri(scheme, trimmed, parameters);
    }

    /**
     * Returns the URI as a {@link URI}, for host, port, path and user info.
     *
     * @return the URI
     * @throws IllegalArgumentException for a bare scheme such as {@code memory:}, which has no
     *     {@link URI} form
     */
    public URI toUri() {
        return toUri(text);
    }

    /**
     * Returns one query parameter.
     *
     * @param name the parameter name
     * @return its value, if present
     */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    @Override
    public String toString() {
        return redact(text);
    }

    private static URI toUri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("store URI \"" + redact(text) + "\" is malformed: " + e.getReason(), e);
        }
    }

    private static String redact(String text) {
        // scheme://user:password@host → scheme://user:****@host
        return text.replaceAll("(//[^/@:]*:)[^/@]*@", "$1****@");
    }
}
