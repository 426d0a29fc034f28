package dev.polyglot.tck.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimitDecision;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.memory.InMemoryCacheStore;
import dev.polyglot.memory.InMemoryDocumentStore;
import dev.polyglot.memory.InMemoryTransactionalStore;
import dev.polyglot.memory.InMemoryVectorStore;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import dev.polyglot.tck.MutableClock;
import dev.polyglot.transactional.AuditEntry;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The quick starts of the README, run as written, so the README cannot drift from the API. */
@DisplayName("The README's quick starts work as written")
class ReadmeExamplesTest {

    record Account(String id, String email, long balanceCents, long version, Instant createdAt, Instant updatedAt) {
        Account withBalance(long cents) {
            return new Account(id, email, cents, version, createdAt, updatedAt);
        }
    }

    record Message(String role, String text) {}

    record Conversation(String userId, String title, List<Message> messages, Instant startedAt) {}

    record Session(String userId, Instant loggedInAt) {}

    @Test
    @DisplayName("transactional quick start")
    void transactionalQuickStart() {
        TableSpec<Account, String> accounts = TableSpec.builder("accounts", Account.class, String.class)
                .id("id").version("version").unique("email")
                .createdAt("createdAt").updatedAt("updatedAt")
                .audited()
                .build();
        try (TransactionalStore store = InMemoryTransactionalStore.create()) {
            store.createTables(accounts);        // dev and tests; production validates a migrated schema

            store.useTransaction(tx -> tx.table(accounts)
                    .insert(new Account("a-1", "ada@example.com", 10_00, 0, null, null)));

            long balance = store.inTransaction(IsolationLevel.SERIALIZABLE, tx -> {
                Table<Account, String> table = tx.table(accounts);
                Account account = table.find("a-1").orElseThrow();
                return table.update(account.withBalance(account.balanceCents() - 2_50)).balanceCents();
            });

            List<AuditEntry<String>> history = store.inTransaction(tx -> tx.table(accounts).history("a-1"));
            assertThat(balance).isEqualTo(7_50);
            assertThat(history).extracting(AuditEntry::operation)
                    .containsExactly(AuditEntry.Operation.INSERT, AuditEntry.Operation.UPDATE);
        }
    }

    @Test
    @DisplayName("document quick start")
    void documentQuickStart() {
        try (DocumentStore store = InMemoryDocumentStore.create()) {
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

            assertThat(recent.items()).singleElement()
                    .satisfies(c -> assertThat(c.messages()).extracting(Message::text)
                            .containsExactly("Where should I eat?", "Try the Alfama."));
            assertThat(recent.hasNext()).isFalse();
        }
    }

    @Test
    @DisplayName("cache quick start")
    void cacheQuickStart() {
        MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-01T10:00:00Z"));
        try (CacheStore store = InMemoryCacheStore.create(clock)) {
            Cache<Session> sessions = store.cache("sessions", Session.class);
            sessions.put("s-42", new Session("u-1", clock.instant()), Duration.ofMinutes(30));
            sessions.touch("s-42", Duration.ofMinutes(30));          // sliding expiry on activity

            RateLimiter perUser = store.rateLimiter("chat", 2, Duration.ofMinutes(1));
            RateLimitDecision first = perUser.tryAcquire("u-1");
            perUser.tryAcquire("u-1");
            RateLimitDecision third = perUser.tryAcquire("u-1");

            assertThat(sessions.get("s-42")).isPresent();
            assertThat(first.allowed()).isTrue();
            assertThat(third.allowed()).isFalse();
            assertThat(third.retryAfter()).isEqualTo(Duration.ofMinutes(1));

            clock.advance(Duration.ofMinutes(31));
            assertThat(sessions.get("s-42")).isEmpty();
        }
    }

    @Test
    @DisplayName("vector quick start")
    void vectorQuickStart() {
        try (VectorStore store = InMemoryVectorStore.create()) {
            VectorCollection messages = store.collection("messages", 3, Metric.COSINE);
            messages.upsert(VectorRecord.of("m1", new float[] {0.9f, 0.1f, 0f}, Map.of("userId", "u-1")));
            messages.upsert(VectorRecord.of("m2", new float[] {0f, 1f, 0f}, Map.of("userId", "u-1")));
            messages.upsert(VectorRecord.of("m3", new float[] {1f, 0f, 0f}, Map.of("userId", "u-2")));

            List<VectorMatch> hits = messages.search(VectorQuery.nearest(new float[] {1f, 0f, 0f}, 5)
                    .withFilter(Filter.eq("userId", "u-1"))
                    .withMinScore(0.5));

            assertThat(hits).extracting(VectorMatch::id).containsExactly("m1");
            assertThat(hits.get(0).score()).isCloseTo(0.9939, org.assertj.core.data.Offset.offset(1e-4));
        }
    }
}
