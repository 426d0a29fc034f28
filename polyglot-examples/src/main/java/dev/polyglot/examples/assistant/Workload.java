package dev.polyglot.examples.assistant;

import dev.polyglot.examples.assistant.Model.Conversation;
import dev.polyglot.vector.VectorMatch;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic, realistic workload: users sign up and log in; they chat in conversations about
 * a few topics (a handful of heavy users send most messages and hit the rate limit); every reply
 * retrieves related past messages and is billed; then operators run semantic searches and users
 * read their statements.
 */
final class Workload {
    private static final Map<String, List<String>> TOPICS = Map.of(
            "travel", List.of("flight", "hotel", "lisbon", "tokyo", "visa", "luggage", "train", "itinerary", "beach", "museum",
                    "passport", "layover", "booking", "hostel", "rental"),
            "cooking", List.of("pasta", "sourdough", "oven", "recipe", "garlic", "tomato", "risotto", "knife", "spices", "curry",
                    "dough", "broth", "grill", "salad", "dessert"),
            "code", List.of("java", "maven", "postgres", "index", "query", "thread", "deadlock", "cache", "latency", "redis",
                    "exception", "stream", "record", "compiler", "benchmark"),
            "finance", List.of("budget", "invoice", "taxes", "savings", "mortgage", "interest", "pension", "stocks", "bonds",
                    "inflation", "receipt", "expense", "salary", "loan", "refund"),
            "fitness", List.of("running", "marathon", "squat", "protein", "stretching", "cycling", "sleep", "heart", "rowing",
                    "yoga", "injury", "warmup", "sprint", "hydration", "posture"));
    private static final List<String> TOPIC_NAMES = List.of("travel", "cooking", "code", "finance", "fitness");
    private static final String[] QUESTIONS = {"how do I %s %s with %s", "what is the best %s for %s and %s",
        "can you explain %s versus %s for %s", "help me plan %s around %s and %s", "why does my %s fail after %s and %s"};
    private static final String[] REPLIES = {"For %s, start with %s and keep %s in mind.", "Most people pair %s with %s; %s helps too.",
        "Try %s first, then %s, and check %s.", "A good %s depends on %s and on %s."};

    /** Tools the assistant calls; each answers with its fixed fields and some of its optional ones. */
    private static final Map<String, List<List<String>>> TOOLS = Map.of(
            "weather", List.of(List.of("city", "celsius", "condition"), List.of("windKph", "uvIndex", "alerts")),
            "flights", List.of(List.of("from", "to", "fares"), List.of("stops", "airline", "baggage")),
            "calculator", List.of(List.of("expression", "result"), List.of("unit", "precision")),
            "recipes", List.of(List.of("dish", "ingredients", "minutes"), List.of("calories", "vegan", "servings")),
            "search", List.of(List.of("query", "hits"), List.of("nextPage", "spelling", "safeSearch")));
    private static final List<String> TOOL_NAMES = List.of("weather", "flights", "calculator", "recipes", "search");

    private final AssistantBackend backend;
    private final Random random;
    private final PrintStream out;
    private final int messages;
    private final int users;

    Workload(AssistantBackend backend, long seed, int messages, PrintStream out) {
        this.backend = backend;
        this.random = new Random(seed);
        this.out = out;
        this.messages = messages;
        this.users = Math.max(4, messages / 25);
    }

    /** What the workload did, for the summary and the tests. */
    record Result(int users, int conversations, int messages, int rateLimited, int toolCalls, int searches, int searchHits,
            long billedCents, int auditEntries) {}

    Result run() {
        List<String> userIds = signUpAndLogIn();
        int[] chat = chat(userIds);
        int[] search = search(userIds);
        long billed = 0;
        int audit = 0;
        out.println("  statements: " + userIds.size() + " users");
        for (String userId : userIds) {
            AssistantBackend.Statement statement = backend.statement(userId);
            billed += statement.charges().stream().mapToLong(c -> Math.max(0, c.cents())).sum();
            audit += statement.auditEntries();
            backend.recentConversations(userId, 5);
        }
        return new Result(userIds.size(), chat[0], chat[1], chat[2], chat[3], search[0], search[1], billed, audit);
    }

    private List<String> signUpAndLogIn() {
        List<String> ids = new ArrayList<>();
        out.println("  users: signing up " + users + " users, each with a billing account and a session");
        for (int i = 0; i < users; i++) {
            String id = String.format(Locale.ROOT, "u-%04d", i);
            String plan = i % 5 == 0 ? "pro" : "free";
            backend.signUp(id, "user" + i + "@example.com", "User " + i, plan);
            backend.logIn(id, i % 2 == 0 ? "web" : "phone");
            ids.add(id);
        }
        return ids;
    }

    /** Returns conversations started, messages stored, messages rejected by the rate limit, tool calls. */
    private int[] chat(List<String> userIds) {
        double[] weights = new double[userIds.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 1.0 / (i + 1);          // Zipf: a few heavy users send most messages
            total += weights[i];
        }
        String[] current = new String[userIds.size()];
        String[] topics = new String[userIds.size()];
        int started = 0;
        int stored = 0;
        int limited = 0;
        int tools = 0;
        Progress progress = new Progress(out, "conversations", messages);
        for (int n = 0; n < messages; n++) {
            int u = pick(weights, total);
            String userId = userIds.get(u);
            progress.step(n + 1);
            backend.activeSession("s-" + userId + "-" + (u % 2 == 0 ? "web" : "phone"), userId);
            if (!backend.allowMessage(userId).allowed()) {
                limited++;
                continue;
            }
            backend.profile(userId);
            if (current[u] == null || random.nextInt(8) == 0) {
                topics[u] = TOPIC_NAMES.get(random.nextInt(TOPIC_NAMES.size()));
                current[u] = backend.startConversation(userId, "About " + word(topics[u]), topics[u]);
                started++;
            }
            String question = sentence(QUESTIONS, topics[u]);
            backend.addMessage(current[u], userId, "m-" + n + "-q", "user", question);
            List<VectorMatch> context = backend.relatedMessages(userId, question, 3);
            String reply = sentence(REPLIES, topics[u]) + (context.isEmpty() ? "" : " (You asked something similar before.)");
            if (random.nextInt(3) == 0) {
                String tool = TOOL_NAMES.get(random.nextInt(TOOL_NAMES.size()));
                backend.recordToolCall(current[u], tool, toolResponse(tool, question));
                tools++;
            }
            backend.addMessage(current[u], userId, "m-" + n + "-a", "assistant", reply);
            backend.charge(userId, current[u], 20 + random.nextInt(400));
            stored += 2;
        }
        progress.done();
        return new int[] {started, stored, limited, tools};
    }

    /** Returns searches run and conversations read from their hits. */
    private int[] search(List<String> userIds) {
        int searches = Math.max(10, messages / 5);
        int hits = 0;
        Progress progress = new Progress(out, "semantic search", searches);
        for (int n = 0; n < searches; n++) {
            progress.step(n + 1);
            String topic = TOPIC_NAMES.get(random.nextInt(TOPIC_NAMES.size()));
            String text = word(topic) + " " + word(topic);
            List<VectorMatch> matches = n % 4 == 0
                    ? backend.similarQuestions(text, 5)
                    : backend.relatedMessages(userIds.get(random.nextInt(userIds.size())), text, 5);
            if (!matches.isEmpty()) {
                Object conversationId = matches.get(0).record().metadata().get("conversationId");
                if (conversationId instanceof String id && backend.conversation(id).map(Conversation::topic).isPresent()) {
                    hits++;
                }
            }
        }
        progress.done();
        return new int[] {searches, hits};
    }

    private Map<String, Object> toolResponse(String tool, String question) {
        Map<String, Object> response = new java.util.LinkedHashMap<>();
        List<List<String>> fields = TOOLS.get(tool);
        for (String field : fields.get(0)) {
            response.put(field, question.length() % 2 == 0 ? field + "-" + random.nextInt(100) : random.nextInt(1_000));
        }
        for (String field : fields.get(1)) {
            if (random.nextBoolean()) {
                response.put(field, random.nextInt(10));
            }
        }
        return response;
    }

    private int pick(double[] weights, double total) {
        double r = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r <= 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private String word(String topic) {
        List<String> words = TOPICS.get(topic);
        return words.get(random.nextInt(words.size()));
    }

    private String sentence(String[] templates, String topic) {
        return String.format(Locale.ROOT, templates[random.nextInt(templates.length)], word(topic), word(topic), word(topic));
    }

    /** Prints a step's progress in 20 % steps. */
    static final class Progress {
        private final PrintStream out;
        private final String step;
        private final int total;
        private final long startNanos = System.nanoTime();
        private int printedPercent;

        Progress(PrintStream out, String step, int total) {
            this.out = out;
            this.step = step;
            this.total = Math.max(1, total);
        }

        void step(int done) {
            int percent = (int) (100L * done / total);
            if (percent >= printedPercent + 20 && percent < 100) {
                printedPercent = percent - percent % 20;
                out.printf(Locale.ROOT, "  %s: %3d %% (%,d of %,d)%n", step, printedPercent, done, total);
            }
        }

        void done() {
            out.printf(Locale.ROOT, "  %s: done, %,d in %.1f s%n", step, total, (System.nanoTime() - startNanos) / 1e9);
        }
    }
}
