package dev.polyglot.transactional;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.polyglot.codec.Codec;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Sort;
import dev.polyglot.spi.FieldPaths;
import dev.polyglot.spi.Ids;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Maps a record or POJO to a table: its name, id column, optional version column (optimistic
 * locking), unique keys, created/updated timestamps and audit log.
 *
 * <p>Columns are the type's properties as Jackson sees them (the same view the {@link Codec}
 * uses), each with a portable {@link ColumnType}; every column name must be a safe identifier
 * (letters, digits, '_', starting with a letter). Everything is validated when the spec is built,
 * so a spec that builds is usable by every adapter. Ids may be {@code String}, {@code Integer},
 * {@code Long} or {@code UUID}, and are set by the application (there are no generated ids).
 *
 * <pre>{@code
 * record Account(String id, String email, String tenant, String slug, long version,
 *                Instant createdAt, Instant updatedAt) {}
 *
 * TableSpec<Account, String> accounts = TableSpec.builder("accounts", Account.class, String.class)
 *         .id("id").version("version")
 *         .unique("email").unique("tenant", "slug")          // composite unique key
 *         .createdAt("createdAt").updatedAt("updatedAt")
 *         .audited()
 *         .build();
 * }</pre>
 *
 * <p>Unique keys follow SQL: a key with a null component never clashes.
 *
 * @param <T> the row type
 * @param <ID> the id type
 */
public final class TableSpec<T, ID> {

    /** A mapper configured like the default codec; used only to see the properties of a type. */
    private static final ObjectMapper INTROSPECTION = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .addModule(new ParameterNamesModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * One column of the table.
     *
     * @param name the column (property) name
     * @param type the portable column type
     * @param javaType the property's Java type
     * @param nullable whether the column may hold null (false for primitives and the id)
     */
    public record Column(String name, ColumnType type, Class<?> javaType, boolean nullable) {
        /**
         * Checks the fields.
         *
         * @param name the column (property) name
         * @param type the portable column type
         * @param javaType the property's Java type
         * @param nullable whether the column may hold null (false for primitives and the id)
         */
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(javaType, "javaType");
        }
    }

    private final String table;
    private final Class<T> type;
    private final Class<ID> idType;
    private final Codec<T> codec;
    private final ObjectMapper mapper;
    private final Map<String, Column> columns;
    private final Map<String, JavaType> propertyTypes;
    private final String idColumn;
    private final @Nullable String versionColumn;
    private final List<List<String>> uniqueKeys;
    private final @Nullable String createdAtColumn;
    private final @Nullable String updatedAtColumn;
    private final boolean audited;

    private TableSpec(Builder<T, ID> b, Map<String, Column> columns, Map<String, JavaType> propertyTypes,
            String idColumn) {
        this.table = b.table;
        this.type = b.type;
        this.idType = b.idType;
        this.mapper = b.mapper == null ? INTROSPECTION : b.mapper;
        this.codec = b.mapper == null ? Codec.of(b.type) : Codec.of(b.mapper, b.type);
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        this.propertyTypes = Map.copyOf(propertyTypes);
        this.idColumn = idColumn;
        this.versionColumn = b.versionColumn;
        this.uniqueKeys = List.copyOf(b.uniqueKeys);
        this.createdAtColumn = b.createdAtColumn;
        this.updatedAtColumn = b.updatedAtColumn;
        this.audited = b.audited;
    }

    /**
     * Starts a spec for a table of rows of a type.
     *
     * @param table the table name: 1 to 63 letters, digits or '_', starting with a letter
     * @param type the row type, a record or POJO
     * @param idType the id type: {@code String}, {@code Integer}, {@code Long} or {@code UUID}
     * @param <T> the row type
     * @param <ID> the id type
     * @return the builder
     * @throws IllegalArgumentException for a bad table name or an unsupported id type
     */
    public static <T, ID> Builder<T, ID> builder(String table, Class<T> type, Class<ID> idType) {
        return new Builder<>(table, type, idType);
    }

    /**
     * Returns the table name.
     *
     * @return the name
     */
    public String table() {
        return table;
    }

    /**
     * Returns the row type.
     *
     * @return the type
     */
    public Class<T> type() {
        return type;
    }

    /**
     * Returns the id type.
     *
     * @return the id type
     */
    public Class<ID> idType() {
        return idType;
    }

    /**
     * Returns the codec that converts rows to and from documents of the model.
     *
     * @return the codec
     */
    public Codec<T> codec() {
        return codec;
    }

    /**
     * Returns the columns, in the order the type declares its properties.
     *
     * @return the columns
     */
    public List<Column> columns() {
        return List.copyOf(columns.values());
    }

    /**
     * Returns a column by name.
     *
     * @param name the column name
     * @return the column, or empty
     */
    public Optional<Column> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    /**
     * Returns the id column's name.
     *
     * @return the id column
     */
    public String idColumn() {
        return idColumn;
    }

    /**
     * Returns the version column used for optimistic locking, if any.
     *
     * @return the version column
     */
    public Optional<String> versionColumn() {
        return Optional.ofNullable(versionColumn);
    }

    /**
     * Returns the unique keys besides the id, each a list of one or more columns.
     *
     * @return the unique keys
     */
    public List<List<String>> uniqueKeys() {
        return uniqueKeys;
    }

    /**
     * Returns the column the store sets to the insert time, if any.
     *
     * @return the created-at column
     */
    public Optional<String> createdAtColumn() {
        return Optional.ofNullable(createdAtColumn);
    }

    /**
     * Returns the column the store sets to the time of every write, if any.
     *
     * @return the updated-at column
     */
    public Optional<String> updatedAtColumn() {
        return Optional.ofNullable(updatedAtColumn);
    }

    /**
     * Tells whether every write to the table is recorded in the audit log.
     *
     * @return whether the table is audited
     */
    public boolean audited() {
        return audited;
    }

    /**
     * Converts a row into its document (one entry per column).
     *
     * @param row the row
     * @return the document
     * @throws IllegalArgumentException if the row is null or cannot be encoded
     */
    public Map<String, @Nullable Object> toDocument(@Nullable T row) {
        if (row == null) {
            throw new IllegalArgumentException("row of table " + table + " must not be null");
        }
        return codec.toDocument(row);
    }

    /**
     * Converts a stored document back into a row.
     *
     * @param document the document
     * @return the row
     * @throws IllegalArgumentException if the document does not fit the row type
     */
    public T fromDocument(Map<String, ? extends @Nullable Object> document) {
        return codec.decode(document);
    }

    /**
     * Validates an id and returns it as a value of the document model.
     *
     * @param id the id
     * @return the model value
     * @throws IllegalArgumentException if the id is null, blank, too long or of the wrong type
     */
    public Object idValue(@Nullable ID id) {
        return checkId(id, "id of table " + table);
    }

    /**
     * Returns the validated id of a row's document.
     *
     * @param document a document from {@link #toDocument}
     * @return the id
     * @throws IllegalArgumentException if the id is missing or invalid
     */
    public ID idOf(Map<String, ? extends @Nullable Object> document) {
        Object value = document.get(idColumn);
        checkId(value, "id column \"" + idColumn + "\" of table " + table);
        return toId(value);
    }

    /** Converts a model id (which may be an Integer for a long id) to the id type. */
    private ID toId(Object value) {
        Object converted;
        if (idType == Long.class) {
            converted = ((Number) value).longValue();
        } else if (idType == Integer.class) {
            converted = ((Number) value).intValue();
        } else {
            converted = value;
        }
        return idType.cast(converted);
    }

    private Object checkId(@Nullable Object id, String what) {
        if (id == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (id instanceof String s) {
            Ids.requireId(s, what);
        }
        boolean fits = idType == String.class ? id instanceof String
                : idType == UUID.class ? id instanceof UUID
                : idType == Integer.class ? id instanceof Integer
                : (id instanceof Long || id instanceof Integer);
        if (!fits) {
            throw new IllegalArgumentException(what + " must be a " + idType.getSimpleName() + ", got "
                    + id.getClass().getSimpleName());
        }
        return Objects.requireNonNull(DocumentValues.normalize(id));
    }

    /**
     * Checks that a dotted path starts with a column of this table and, where the column's type
     * is known (nested records and POJOs), that the rest of the path exists too.
     *
     * @param path the path
     * @return the same path
     * @throws IllegalArgumentException naming the unknown column or field
     */
    public String checkPath(String path) {
        List<String> segments = FieldPaths.segments(path);
        JavaType current = propertyTypes.get(segments.get(0));
        if (current == null) {
            throw new IllegalArgumentException("table " + table + " has no column \"" + FieldPaths.printable(segments.get(0))
                    + "\" (columns: " + String.join(", ", columns.keySet()) + ")");
        }
        for (int i = 1; i < segments.size(); i++) {
            while (current.isCollectionLikeType() || current.isArrayType()) {
                // Paths walk into the elements of arrays, as Filter specifies.
                current = current.getContentType();
            }
            if (current.isMapLikeType() || current.getRawClass() == Object.class
                    || JsonNode.class.isAssignableFrom(current.getRawClass())) {
                return path; // free-form JSON: any field may exist
            }
            String segment = segments.get(i);
            if (columnType(current.getRawClass()) != ColumnType.JSON) {
                throw new IllegalArgumentException("path \"" + FieldPaths.printable(path) + "\" of table " + table
                        + " goes into \"" + String.join(".", segments.subList(0, i)) + "\", which is not an object");
            }
            JavaType next = properties(mapper, current).get(segment);
            if (next == null) {
                throw new IllegalArgumentException("path \"" + FieldPaths.printable(path) + "\" of table " + table
                        + " names the unknown field \"" + FieldPaths.printable(segment) + "\"");
            }
            current = next;
        }
        return path;
    }

    /**
     * Checks every path of a filter with {@link #checkPath}.
     *
     * @param filter the filter
     * @return the same filter
     * @throws IllegalArgumentException naming an unknown column or field
     */
    public Filter checkFilter(Filter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null; use Filter.all()");
        }
        if (filter instanceof Filter.And and) {
            and.filters().forEach(this::checkFilter);
        } else if (filter instanceof Filter.Or or) {
            or.filters().forEach(this::checkFilter);
        } else if (filter instanceof Filter.Not not) {
            checkFilter(not.filter());
        } else if (filter instanceof Filter.Eq f) {
            checkPath(f.path());
        } else if (filter instanceof Filter.Ne f) {
            checkPath(f.path());
        } else if (filter instanceof Filter.Gt f) {
            checkPath(f.path());
        } else if (filter instanceof Filter.Gte f) {
            checkPath(f.path());
        } else if (filter instanceof Filter.Lt f) {
            checkPath(f.path());
        } else if (filter instanceof Filter.Lte f) {
            checkPath(f.path());
        } else if (filter instanceof Filter.In f) {
            checkPath(f.path());
        } else if (filter instanceof Filter.Nin f) {
            checkPath(f.path());
        } else if (filter instanceof Filter.Exists f) {
            checkPath(f.path());
        } else if (filter instanceof Filter.Contains f) {
            checkPath(f.path());
        } else if (filter instanceof Filter.ContainsAll f) {
            checkPath(f.path());
        } else if (filter instanceof Filter.StartsWith f) {
            checkPath(f.path());
        } else {
            throw new IllegalArgumentException("unknown filter " + filter);
        }
        return filter;
    }

    /**
     * Checks every path of a sort with {@link #checkPath}.
     *
     * @param sort the sort
     * @return the same sort
     * @throws IllegalArgumentException naming an unknown column or field
     */
    public Sort checkSort(Sort sort) {
        if (sort == null) {
            throw new IllegalArgumentException("sort must not be null; use Sort.unsorted()");
        }
        sort.orders().forEach(o -> checkPath(o.path()));
        return sort;
    }

    @Override
    public String toString() {
        return "TableSpec[" + table + " of " + type.getName() + ", id " + idColumn + "]";
    }

    /** The serialized properties of a bean type, by name, in declaration order. */
    private static Map<String, JavaType> properties(ObjectMapper mapper, JavaType beanType) {
        BeanDescription description = mapper.getSerializationConfig().introspect(beanType);
        Map<String, JavaType> out = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.couldSerialize()) {
                JavaType type = property.getPrimaryType();
                // Optional<X> is a nullable X column.
                out.put(property.getName(), type.isReferenceType() ? type.getContentType() : type);
            }
        }
        return out;
    }

    /** The portable column type of a Java type. */
    static ColumnType columnType(Class<?> raw) {
        if (raw == String.class || raw == char.class || raw == Character.class || raw == LocalDateTime.class
                || raw == LocalTime.class) {
            return ColumnType.STRING;
        }
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class
                || raw == byte.class || raw == Byte.class) {
            return ColumnType.INTEGER;
        }
        if (raw == long.class || raw == Long.class) {
            return ColumnType.LONG;
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return ColumnType.DOUBLE;
        }
        if (raw == BigDecimal.class || raw == BigInteger.class) {
            return ColumnType.DECIMAL;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return ColumnType.BOOLEAN;
        }
        if (raw == UUID.class) {
            return ColumnType.UUID;
        }
        if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
            return ColumnType.INSTANT;
        }
        if (raw == LocalDate.class) {
            return ColumnType.DATE;
        }
        if (raw.isEnum()) {
            return ColumnType.ENUM;
        }
        if (raw == byte[].class) {
            return ColumnType.BINARY;
        }
        return ColumnType.JSON;
    }

    private static Class<?> boxed(Class<?> c) {
        if (c == int.class) {
            return Integer.class;
        }
        if (c == long.class) {
            return Long.class;
        }
        return c;
    }

    /**
     * Builds a {@link TableSpec}; every column named must be a property of the row type.
     *
     * @param <T> the row type
     * @param <ID> the id type
     */
    public static final class Builder<T, ID> {
        private final String table;
        private final Class<T> type;
        private final Class<ID> idType;
        private @Nullable ObjectMapper mapper;
        private @Nullable String idColumn;
        private @Nullable String versionColumn;
        private final List<List<String>> uniqueKeys = new ArrayList<>();
        private @Nullable String createdAtColumn;
        private @Nullable String updatedAtColumn;
        private boolean audited;

        @SuppressWarnings("unchecked") // int.class and Integer.class stand for the same ID type
        private Builder(String table, Class<T> type, Class<ID> idType) {
            this.table = Ids.requireName(table, "table name");
            if (type == null) {
                throw new IllegalArgumentException("row type of table " + table + " must not be null");
            }
            if (idType == null) {
                throw new IllegalArgumentException("id type of table " + table + " must not be null");
            }
            this.type = type;
            Class<?> boxedId = boxed(idType);
            if (boxedId != String.class && boxedId != Integer.class && boxedId != Long.class && boxedId != UUID.class) {
                throw new IllegalArgumentException("id type of table " + table + " must be String, Integer, Long or UUID, not "
                        + idType.getName());
            }
            this.idType = (Class<ID>) boxedId;
        }

        /**
         * Reads the row type with the application's {@link ObjectMapper} settings (naming
         * strategy, modules) instead of the defaults.
         *
         * @param mapper the mapper
         * @return this builder
         */
        public Builder<T, ID> objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Names the id column (required).
         *
         * @param column the property holding the id
         * @return this builder
         */
        public Builder<T, ID> id(String column) {
            this.idColumn = column;
            return this;
        }

        /**
         * Names the version column ({@code int} or {@code long}) used for optimistic locking.
         *
         * @param column the property holding the version
         * @return this builder
         */
        public Builder<T, ID> version(String column) {
            this.versionColumn = column;
            return this;
        }

        /**
         * Adds a unique key of one or more columns.
         *
         * @param column the first column
         * @param more further columns of a composite key
         * @return this builder
         */
        public Builder<T, ID> unique(String column, String... more) {
            List<String> key = new ArrayList<>();
            key.add(column);
            key.addAll(List.of(more));
            uniqueKeys.add(key);
            return this;
        }

        /**
         * Names the column ({@code Instant} or {@code OffsetDateTime}) the store sets on insert.
         *
         * @param column the property
         * @return this builder
         */
        public Builder<T, ID> createdAt(String column) {
            this.createdAtColumn = column;
            return this;
        }

        /**
         * Names the column ({@code Instant} or {@code OffsetDateTime}) the store sets on every write.
         *
         * @param column the property
         * @return this builder
         */
        public Builder<T, ID> updatedAt(String column) {
            this.updatedAtColumn = column;
            return this;
        }

        /**
         * Records every insert, update and delete in the audit log, in the same transaction.
         *
         * @return this builder
         */
        public Builder<T, ID> audited() {
            this.audited = true;
            return this;
        }

        /**
         * Validates and builds the spec.
         *
         * @return the spec
         * @throws IllegalArgumentException naming every problem found: no id column, a column
         *     that is not a property of the type, a version that is not an int or long, a
         *     timestamp that is not an Instant or OffsetDateTime, a column name that is not a safe
         *     identifier
         */
        public TableSpec<T, ID> build() {
            ObjectMapper introspection = mapper == null ? INTROSPECTION : mapper;
            JavaType javaType = introspection.constructType(type);
            if (javaType.isContainerType() || columnType(type) != ColumnType.JSON || type.isInterface()) {
                throw new IllegalArgumentException("row type " + type.getName() + " of table " + table
                        + " must be a record or POJO");
            }
            Map<String, JavaType> properties = properties(introspection, javaType);
            if (properties.isEmpty()) {
                throw new IllegalArgumentException("row type " + type.getName() + " of table " + table
                        + " has no properties");
            }
            List<String> problems = new ArrayList<>();
            for (String name : properties.keySet()) {
                if (!name.matches("[A-Za-z][A-Za-z0-9_]{0,62}")) {
                    problems.add("property \"" + FieldPaths.printable(name)
                            + "\" is not a safe column name (use 1 to 63 letters, digits or '_', starting with a letter)");
                }
            }
            if (idColumn == null) {
                problems.add("no id column; call id(\"...\")");
            } else if (requireColumn(properties, idColumn, "id", problems)
                    && boxed(properties.get(idColumn).getRawClass()) != idType) {
                problems.add("id column \"" + idColumn + "\" is a " + properties.get(idColumn).getRawClass().getSimpleName()
                        + ", not the id type " + idType.getSimpleName());
            }
            if (versionColumn != null && requireColumn(properties, versionColumn, "version", problems)) {
                Class<?> raw = boxed(properties.get(versionColumn).getRawClass());
                if (raw != Integer.class && raw != Long.class) {
                    problems.add("version column \"" + versionColumn + "\" must be an int or long, not " + raw.getSimpleName());
                }
            }
            for (String ts : new LinkedHashSet<>(java.util.Arrays.asList(createdAtColumn, updatedAtColumn))) {
                if (ts != null && requireColumn(properties, ts, "timestamp", problems)) {
                    Class<?> raw = properties.get(ts).getRawClass();
                    if (raw != Instant.class && raw != OffsetDateTime.class) {
                        problems.add("timestamp column \"" + ts + "\" must be an Instant or OffsetDateTime, not "
                                + raw.getSimpleName());
                    }
                }
            }
            Set<String> roles = new LinkedHashSet<>();
            for (String role : java.util.Arrays.asList(idColumn, versionColumn, createdAtColumn)) {
                if (role != null && !roles.add(role)) {
                    problems.add("column \"" + role + "\" is given two roles");
                }
            }
            if (updatedAtColumn != null && (updatedAtColumn.equals(idColumn) || updatedAtColumn.equals(versionColumn))) {
                problems.add("column \"" + updatedAtColumn + "\" is given two roles");
            }
            Set<Set<String>> seenKeys = new java.util.HashSet<>();
            for (List<String> key : uniqueKeys) {
                Set<String> asSet = new LinkedHashSet<>(key);
                if (asSet.size() != key.size()) {
                    problems.add("unique key " + key + " names a column twice");
                }
                if (!seenKeys.add(asSet)) {
                    problems.add("unique key " + key + " is declared twice");
                }
                for (String column : key) {
                    requireColumn(properties, column, "unique key", problems);
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid spec for table " + table + " (" + type.getName() + "): "
                        + String.join("; ", problems));
            }
            Map<String, Column> columns = new LinkedHashMap<>();
            properties.forEach((name, propertyType) -> {
                Class<?> raw = propertyType.getRawClass();
                columns.put(name, new Column(name, columnType(raw), raw, !raw.isPrimitive() && !name.equals(idColumn)));
            });
            return new TableSpec<>(this, columns, properties, Objects.requireNonNull(idColumn));
        }

        private boolean requireColumn(Map<String, JavaType> properties, @Nullable String column, String role,
                List<String> problems) {
            if (column == null || !properties.containsKey(column)) {
                problems.add(role + " column \"" + (column == null ? "null" : FieldPaths.printable(column))
                        + "\" is not a property of " + type.getSimpleName() + " (properties: "
                        + String.join(", ", properties.keySet()) + ")");
                return false;
            }
            return true;
        }
    }
}
