package dev.polyglot.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.Port;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's MongoDB quick start, run as written against the test server. */
@DisplayName("The README's MongoDB quick start works as written")
class MongoReadmeExampleTest {

    record Message(String role, String text) {}

    record Conversation(String userId, String title, List<Message> messages, Instant startedAt) {}

    record Session(String userId, Instant loggedInAt) {}

    @Test
    @DisplayName("the Document port on MongoDB, wired explicitly")
    void explicit() {
        String uri = MongoTestServer.uri();   // e.g. mongodb://db:27017/app
        try (DocumentStore store = MongoDocumentStore.connect(uri)) {
            DocumentCollection<Conversation> conversations = store.collection("conversations", Conversation.class);
            conversations.createIndex(IndexSpec.on("userId", "startedAt"));

            String id = conversations.insert(new Conversation("u-1", "Trip to Lisbon",
                    List.of(new Message("user", "Where should I eat?")), Instant.parse("2026-11-01T10:00:00Z")));
            conversations.update(id, Update.builder()
                    .push("messages", Map.of("role", "assistant", "text", "Try the Alfama."))
                    .build());

            Page<Conversation> recent = conversations.find(
                    Filter.and(Filter.eq("userId", "u-1"), Filter.eq("messages.role", "assistant")),
                    Sort.desc("startedAt"),
                    PageRequest.first(20));

            DocumentCollection<Session> sessions = store.collection("sessions", Session.class);
            sessions.createIndex(IndexSpec.ttl("loggedInAt", Duration.ofMinutes(30)));

            assertThat(recent.items()).extracting(Conversation::title).contains("Trip to Lisbon");
            assertThat(conversations.get(id).orElseThrow().messages()).hasSize(2);
            store.dropCollection("conversations");
            store.dropCollection("sessions");
        }
    }

    @Test
    @DisplayName("or by URI, through the ServiceLoader provider")
    void byUri() {
        String uri = MongoTestServer.uri();   // mongodb://db:27017/app or mongodb+srv://user:password@cluster.example.net/app
        StoreProvider provider = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("mongodb")).findFirst().orElseThrow();
        try (DocumentStore documents = (DocumentStore) provider.open(Port.DOCUMENT, StoreUri.parse(uri))) {
            documents.collection("readme_notes").put("n-1", Map.of("text", "hello"));
            assertThat(documents.collection("readme_notes").get("n-1")).contains(Map.of("text", "hello"));
        }
    }
}
