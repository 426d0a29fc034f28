package dev.polyglot.spi;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Sort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sorting of documents of the model by a {@link Sort}, with the record id as the final key; the
 * reference order for every adapter and the implementation for those that sort in memory.
 */
public final class DocumentSorts {

    private DocumentSorts() {
    }

    /**
     * Returns the sort values of a document, one per sort key (null where the path is missing).
     *
     * @param sort the sort
     * @param document the document
     * @return the values, in sort order
     */
    public static List<@Nullable Object> sortValues(Sort sort, Map<String, ? extends @Nullable Object> document) {
        List<@Nullable Object> values = new ArrayList<>(sort.orders().size());
        for (Sort.Order order : sort.orders()) {
            values.add(DocumentFilters.valueAt(document, order.path()));
        }
        return values;
    }

    /**
     * Compares two (sort values, id) positions under a sort; ids compare ascending last.
     *
     * @param sort the sort
     * @param aValues sort values of the first record
     * @param aId id of the first record
     * @param bValues sort values of the second record
     * @param bId id of the second record
     * @return negative, zero or positive
     */
    public static int compare(Sort sort, List<@Nullable Object> aValues, Object aId,
            List<@Nullable Object> bValues, Object bId) {
        for (int i = 0; i < sort.orders().size(); i++) {
            int c = DocumentValues.compare(aValues.get(i), bValues.get(i));
            if (c != 0) {
                return sort.orders().get(i).direction() == Sort.Direction.ASC ? c : -c;
            }
        }
        return DocumentValues.compare(DocumentValues.normalize(aId), DocumentValues.normalize(bId));
    }

    /**
     * Returns a comparator of documents under a sort, given how to read each record's id.
     *
     * @param sort the sort
     * @param document how to get a record's document
     * @param id how to get a record's id
     * @param <E> the record type
     * @return the comparator
     */
    public static <E> Comparator<E> comparator(Sort sort, java.util.function.Function<E, Map<String, @Nullable Object>> document,
            java.util.function.Function<E, Object> id) {
        return (a, b) -> compare(sort, sortValues(sort, document.apply(a)), id.apply(a),
                sortValues(sort, document.apply(b)), id.apply(b));
    }
}
