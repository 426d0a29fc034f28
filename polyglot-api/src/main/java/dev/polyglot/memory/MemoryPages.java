package dev.polyglot.memory;

import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.spi.DocumentSorts;
import dev.polyglot.spi.KeysetCursors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Sorting and both paging modes over records already filtered in memory. */
final class MemoryPages {

    private MemoryPages() {
    }

    /**
     * Sorts the matching records and cuts the requested page.
     *
     * @param matching records that matched the filter, in any order (the list is sorted in place)
     * @param sort the sort; the id is always the last key
     * @param request which page
     * @param document a record's document
     * @param id a record's id
     */
    static <E> Page<E> page(List<E> matching, Sort sort, PageRequest request,
            Function<E, Map<String, @Nullable Object>> document, Function<E, Object> id) {
        matching.sort(DocumentSorts.comparator(sort, document, id));
        int from;
        if (request.cursor() != null) {
            KeysetCursors.Position after = KeysetCursors.decode(sort, request.cursor());
            from = 0;
            while (from < matching.size()) {
                E e = matching.get(from);
                if (DocumentSorts.compare(sort, DocumentSorts.sortValues(sort, document.apply(e)), id.apply(e),
                        after.sortValues(), after.id()) > 0) {
                    break;
                }
                from++;
            }
        } else {
            from = (int) Math.min(request.offset(), matching.size());
        }
        int to = Math.min(matching.size(), from + request.size());
        List<E> items = new ArrayList<>(matching.subList(from, to));
        PageRequest next = null;
        if (to < matching.size()) {
            if (request.offsetPaging()) {
                next = PageRequest.atOffset(to, request.size());
            } else {
                E last = items.get(items.size() - 1);
                next = PageRequest.after(KeysetCursors.encode(sort,
                        DocumentSorts.sortValues(sort, document.apply(last)), id.apply(last)), request.size());
            }
        }
        return new Page<>(items, next);
    }
}
