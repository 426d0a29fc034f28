package dev.polyglot.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Filters, sorts, pages and updates reject bad arguments with IllegalArgumentException")
class QueryArgumentsTest {

    @Test
    @DisplayName("null value lists and null filters are rejected, not NullPointerExceptions")
    void nullsAreIllegalArguments() {
        assertThatThrownBy(() -> Filter.in("a", (Collection<?>) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.nin("a", (Object[]) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.containsAll("a", (Collection<?>) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.not(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.and(Filter.eq("a", 1), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.or((Filter[]) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sort.Order("a", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sort(java.util.Arrays.asList((Sort.Order) null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("filter values must be scalars and comparisons do not take null")
    void filterValues() {
        assertThatThrownBy(() -> Filter.eq("a", List.of(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scalars");
        assertThatThrownBy(() -> Filter.gt("a", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gt does not take null");
        assertThatThrownBy(() -> Filter.eq("a.$where", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.containsAll("a", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(Filter.eq("n", (short) 3)).isEqualTo(Filter.eq("n", 3));
    }

    @Test
    @DisplayName("a sort may not use a path twice")
    void sortPathsUnique() {
        assertThatThrownBy(() -> Sort.asc("a").thenDesc("a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("used twice");
    }

    @Test
    @DisplayName("page requests check size, offset and cursor, and remember how to continue")
    void pageRequests() {
        assertThatThrownBy(() -> PageRequest.first(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageRequest.first(PageRequest.MAX_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageRequest.atOffset(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageRequest.after(" ", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PageRequest(10, 5, "c", false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PageRequest.atOffset(0, 10).offsetPaging()).isTrue();
        assertThat(PageRequest.first(10).offsetPaging()).isFalse();
    }

    @Test
    @DisplayName("updates need a change and reject conflicting paths")
    void updates() {
        assertThatThrownBy(() -> Update.builder().build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Update.builder().set("a", 1).inc("a.b", 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conflict");
        assertThatThrownBy(() -> Update.builder().set("a", java.util.Map.of("$set", 1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Update.builder().inc("n", Double.NaN).build()).isInstanceOf(IllegalArgumentException.class);
    }
}
