package dev.polyglot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Store URIs")
class StoreUriTest {

    @Test
    @DisplayName("a bare scheme such as memory: parses with no parameters")
    void bareScheme() {
        StoreUri uri = StoreUri.parse("memory:");
        assertThat(uri.scheme()).isEqualTo("memory");
        assertThat(uri.parameters()).isEmpty();
        assertThatThrownBy(uri::toUri).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a server URI gives its scheme in lower case, its host, port and decoded parameters")
    void serverUri() {
        StoreUri uri = StoreUri.parse(" PostgreSQL://app:s3cret@db.local:5433/billing?ssl=true&application_name=a%20b ");
        assertThat(uri.scheme()).isEqualTo("postgresql");
        assertThat(uri.toUri().getHost()).isEqualTo("db.local");
        assertThat(uri.toUri().getPort()).isEqualTo(5433);
        assertThat(uri.parameter("ssl")).contains("true");
        assertThat(uri.parameter("application_name")).contains("a b");
        assertThat(uri.parameter("missing")).isEmpty();
    }

    @Test
    @DisplayName("toString hides the password so a URI can be logged")
    void redactsPassword() {
        assertThat(StoreUri.parse("redis://user:hunter2@cache:6379").toString())
                .isEqualTo("redis://user:****@cache:6379")
                .doesNotContain("hunter2");
    }

    @Test
    @DisplayName("blank, scheme-less and malformed URIs are rejected with a message saying what is wrong")
    void rejectsBadUris() {
        assertThatThrownBy(() -> StoreUri.parse(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> StoreUri.parse("localhost/db")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no scheme");
        assertThatThrownBy(() -> StoreUri.parse("redis://ca che:6379")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed");
    }
}
