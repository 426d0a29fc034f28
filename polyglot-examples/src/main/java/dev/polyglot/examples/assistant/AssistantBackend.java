package dev.polyglot.examples.assistant;

import dev.polyglot.Polyglot;
import dev.polyglot.cache.Cache;
import dev.polyglot.cache.RateLimitDecision;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.examples.assistant.Model.BillingAccount;
import dev.polyglot.examples.assistant.Model.Charge;
import dev.polyglot.examples.assistant.Model.Conversation;
import dev.polyglot.examples.assistant.Model.Message;
import dev.polyglot.examples.assistant.Model.Session;
import dev.polyglot.examples.assistant.Model.User;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import dev.polyglot.transactional.AuditEntry;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The assistant's backend services, written against the four ports only: whichever adapters the
 * configuration names, this class does not change.
 */
final class AssistantBackend {
    static final long STARTING_CREDIT_CENTS = 5_00;
    static final long TOP_UP_CENTS = 20_00;
    static final Duration SESSION_TTL = Duration.ofMinutes(30);
    static final Duration PROFILE_TTL = Duration.ofMinutes(5);
    static final int MESSAGES_PER_MINUTE = 40;

    private final TransactionalStore tables;
    private final DocumentCollection<Conversation> conversations;
    private final DocumentCollection<Map<String, Object>> toolResults;
    private final Cache<Session> sessions;
    private final Cache<User> profiles;
    private final RateLimiter chatLimit;
    private final VectorCollection messageVectors;
    private final HashingEmbedder embedder;
    private final Clock clock;
    private final AtomicLong chargeIds = new AtomicLong();

    AssistantBackend(Polyglot polyglot, HashingEmbedder embedder, Clock clock) {
        this.tables = polyglot.transactional();
        this.embedder = embedder;
        this.clock = clock;
        tables.createTables(Model.USERS, Model.ACCOUNTS, Model.CHARGES);
        this.conversations = polyglot.document().collection("assistant_conversations", Conversation.class);
        conversations.createIndex(IndexSpec.on("userId", "startedAt"));
        this.toolResults = polyglot.document().collection("assistant_tool_results");
        this.sessions = polyglot.cache().cache("assistant_sessions", Session.class);
        this.profiles = polyglot.cache().cache("assistant_profiles", User.class);
        this.chatLimit = polyglot.cache().rateLimiter("assistant_chat", MESSAGES_PER_MINUTE, Duration.ofMinutes(1));
        this.messageVectors = polyglot.vector().collection("assistant_messages", embedder.dimensions(), Metric.COSINE);
    }

    /** Signs a user up: the user row and a billing account with starting credit, in one transaction. */
    User signUp(String id, String email, String name, String plan) {
        return tables.inTransaction(tx -> {
            User user = tx.table(Model.USERS).insert(new User(id, email, name, plan, 0, null, null));
            tx.table(Model.ACCOUNTS).insert(new BillingAccount(id, STARTING_CREDIT_CENTS, 0, 0, null));
            return user;
        });
    }

    /** Starts a session in the cache; it expires after 30 idle minutes. */
    String logIn(String userId, String device) {
        String sessionId = "s-" + userId + "-" + device;
        sessions.put(sessionId, new Session(userId, device, clock.instant()), SESSION_TTL);
        return sessionId;
    }

    /** Checks a session, extending it; a missing or expired one is re-created, as a re-login would. */
    Session activeSession(String sessionId, String userId) {
        if (sessions.touch(sessionId, SESSION_TTL)) {
            Optional<Session> session = sessions.get(sessionId);
            if (session.isPresent()) {
                return session.get();
            }
        }
        Session fresh = new Session(userId, "web", clock.instant());
        sessions.put(sessionId, fresh, SESSION_TTL);
        return fresh;
    }

    /** Reads a user's profile through the cache (single-flight on a miss). */
    User profile(String userId) {
        return profiles.getOrLoad(userId, PROFILE_TTL, () -> tables.inTransaction(
                tx -> tx.table(Model.USERS).find(userId).orElseThrow(() -> new IllegalStateException("no user " + userId))));
    }

    /** Takes one permit of the user's per-minute chat limit. */
    RateLimitDecision allowMessage(String userId) {
        return chatLimit.tryAcquire(userId);
    }

    /** Starts a conversation document. */
    String startConversation(String userId, String title, String topic) {
        return conversations.insert(new Conversation(userId, title, topic, List.of(), clock.instant()));
    }

    /** Appends a message to its conversation (one atomic push) and indexes it for semantic search. */
    void addMessage(String conversationId, String userId, String messageId, String role, String text) {
        Instant now = clock.instant();
        conversations.update(conversationId, Update.builder()
                .push("messages", Map.of("role", role, "text", text, "at", now))
                .build())
                .orElseThrow(() -> new IllegalStateException("no conversation " + conversationId));
        messageVectors.upsert(VectorRecord.of(messageId, embedder.embed(text),
                Map.of("userId", userId, "conversationId", conversationId, "role", role)));
    }

    /**
     * Stores the raw response of a tool the assistant called (weather, flights, ...) as it came:
     * each tool answers with its own fields, some optional, so these documents vary in shape.
     */
    String recordToolCall(String conversationId, String tool, Map<String, Object> response) {
        Map<String, Object> document = new java.util.LinkedHashMap<>(response);
        document.put("conversationId", conversationId);
        document.put("tool", tool);
        document.put("calledAt", clock.instant());
        return toolResults.insert(document);
    }

    /** Finds the user's past messages closest in meaning to a text, for retrieval-augmented replies. */
    List<VectorMatch> relatedMessages(String userId, String text, int k) {
        return messageVectors.search(VectorQuery.nearest(embedder.embed(text), k)
                .withFilter(Filter.eq("userId", userId))
                .withMinScore(0.1));
    }

    /** Searches every user's messages, as an operator's "similar questions" view would. */
    List<VectorMatch> similarQuestions(String text, int k) {
        return messageVectors.search(VectorQuery.nearest(embedder.embed(text), k).withFilter(Filter.eq("role", "user")));
    }

    /** Reads a conversation. */
    Optional<Conversation> conversation(String conversationId) {
        return conversations.get(conversationId);
    }

    /** Lists a user's most recent conversations, newest first. */
    Page<Conversation> recentConversations(String userId, int count) {
        return conversations.find(Filter.eq("userId", userId), Sort.desc("startedAt"), PageRequest.first(count));
    }

    /**
     * Charges a reply to the user's balance (topping up first when it would go negative) and
     * records the charge, in one SERIALIZABLE transaction retried on conflict.
     */
    long charge(String userId, String conversationId, long tokens) {
        long cents = 1 + tokens / 50;
        return tables.inTransaction(IsolationLevel.SERIALIZABLE, tx -> {
            Table<BillingAccount, String> accounts = tx.table(Model.ACCOUNTS);
            Table<Charge, String> charges = tx.table(Model.CHARGES);
            BillingAccount account = accounts.find(userId).orElseThrow(() -> new IllegalStateException("no account " + userId));
            if (account.balanceCents() < cents) {
                account = accounts.update(account.toppedUp(TOP_UP_CENTS));
                charges.insert(new Charge(userId + "-topup-" + chargeIds.incrementAndGet(), userId, conversationId, 0,
                        -TOP_UP_CENTS, null));
            }
            accounts.update(account.charged(cents, tokens));
            charges.insert(new Charge(userId + "-" + chargeIds.incrementAndGet(), userId, conversationId, tokens, cents, null));
            return cents;
        });
    }

    /** A user's billing statement: current balance, charges, and the audit trail of the account. */
    Statement statement(String userId) {
        return tables.inTransaction(IsolationLevel.REPEATABLE_READ, tx -> {
            BillingAccount account = tx.table(Model.ACCOUNTS).find(userId).orElseThrow();
            List<Charge> charges = tx.table(Model.CHARGES).query(Filter.eq("userId", userId));
            List<AuditEntry<String>> history = tx.table(Model.ACCOUNTS).history(userId);
            return new Statement(account, charges, history.size());
        });
    }

    /** Counts the messages indexed for search. */
    long indexedMessages() {
        return messageVectors.count();
    }

    /** A billing statement. */
    record Statement(BillingAccount account, List<Charge> charges, int auditEntries) {}
}
