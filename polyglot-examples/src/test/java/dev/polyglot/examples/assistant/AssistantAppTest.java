package dev.polyglot.examples.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.Port;
import dev.polyglot.metrics.PortSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The example application, end to end")
class AssistantAppTest {

    private static AssistantApp.RunResult run(ByteArrayOutputStream output, String... args) throws Exception {
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            return AssistantApp.run(ExampleOptions.parse(args), out);
        }
    }

    private static void assertRanEverything(AssistantApp.RunResult result, String output, int size) throws Exception {
        Workload.Result workload = result.workload();
        assertThat(workload.users()).isEqualTo(Math.max(4, size / 25));
        assertThat(workload.messages() / 2 + workload.rateLimited()).isEqualTo(size);
        assertThat(workload.conversations()).isPositive();
        assertThat(workload.searches()).isEqualTo(Math.max(10, size / 5));
        assertThat(workload.searchHits()).isPositive();
        assertThat(workload.billedCents()).isPositive();
        assertThat(workload.auditEntries()).isGreaterThanOrEqualTo(workload.users());

        assertThat(result.metrics().ports()).extracting(PortSnapshot::port).containsExactly(Port.values());
        PortSnapshot vector = result.metrics().port(Port.VECTOR).orElseThrow();
        assertThat(vector.vectorCollections()).singleElement()
                .satisfies(c -> assertThat(c.count()).isEqualTo(workload.messages()));
        assertThat(result.metrics().port(Port.TRANSACTIONAL).orElseThrow().transactions().transactions())
                .isGreaterThanOrEqualTo(workload.users() + workload.messages() / 2);
        assertThat(result.metrics().port(Port.CACHE).orElseThrow().operation("tryAcquire").orElseThrow().count()).isEqualTo(size);
        PortSnapshot documents = result.metrics().port(Port.DOCUMENT).orElseThrow();
        assertThat(documents.operation("update").orElseThrow().count()).isEqualTo(workload.messages());
        assertThat(documents.operation("insert").orElseThrow().count()).isEqualTo(workload.conversations() + workload.toolCalls());
        assertThat(documents.documentCollections()).extracting(c -> c.name())
                .containsExactly("assistant_conversations", "assistant_tool_results");
        assertThat(documents.documentCollections().get(0).distinctKeySets()).isEqualTo(1);
        assertThat(documents.documentCollections().get(1).distinctKeySets()).isGreaterThan(1);

        assertThat(result.report().ports()).hasSize(4);
        assertThat(output).contains("Per-port summary", "Polyglot advisor report", "Verdict:", "HTML report:");
        assertThat(output).contains("conversations: done", "semantic search: done");
        String html = Files.readString(result.htmlReport());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg ");
    }

    @Test
    @DisplayName("runs on the embedded default (in-memory ports, HNSW vectors in a temporary directory) with nothing installed")
    void embeddedDefault(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        AssistantApp.RunResult result = run(output, "--size", "50", "--report", dir.resolve("report.html").toString());
        String text = output.toString(StandardCharsets.UTF_8);
        assertRanEverything(result, text, 50);
        for (Port port : Port.values()) {
            assertThat(result.metrics().port(port).orElseThrow().adapter()).isEqualTo(port == Port.VECTOR ? "hnsw" : "memory");
        }
        assertThat(text).contains("polyglot.cache.uri = memory:");
    }

    @Test
    @DisplayName("runs at stage 1, every port on one embedded PostgreSQL")
    void stageOne(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        AssistantApp.RunResult result = run(output, "--stage", "1", "--size", "25", "--report", dir.resolve("report.html").toString());
        String text = output.toString(StandardCharsets.UTF_8);
        assertRanEverything(result, text, 25);
        String uri = result.configuration().getProperty("polyglot.transactional.uri");
        assertThat(uri).startsWith("postgresql://");
        for (Port port : Port.values()) {
            assertThat(result.configuration().getProperty(port.uriProperty())).isEqualTo(uri);
            assertThat(result.metrics().port(port).orElseThrow().adapter()).isEqualTo("postgresql");
        }
        assertThat(text).contains("stage 1: PostgreSQL for everything");
    }

    @Test
    @DisplayName("runs at stage 4 with the same application code: PostgreSQL tables, Redis cache, MongoDB documents, HNSW vectors")
    void stageFour(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        AssistantApp.RunResult result = run(output, "--stage", "4", "--size", "25", "--report", dir.resolve("report.html").toString());
        String text = output.toString(StandardCharsets.UTF_8);
        assertRanEverything(result, text, 25);
        assertThat(result.metrics().port(Port.TRANSACTIONAL).orElseThrow().adapter()).isEqualTo("postgresql");
        assertThat(result.metrics().port(Port.CACHE).orElseThrow().adapter()).isEqualTo("redis");
        assertThat(result.metrics().port(Port.DOCUMENT).orElseThrow().adapter()).isEqualTo("mongodb");
        assertThat(result.metrics().port(Port.VECTOR).orElseThrow().adapter()).isEqualTo("hnsw");
        assertThat(text).contains("stage 4:");
    }

    @Test
    @DisplayName("rejects bad options with the usage")
    void badOptions() {
        assertThatThrownBy(() -> ExampleOptions.parse("--stage", "5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--stage must be a number from 0 to 4").hasMessageContaining("usage:");
        assertThatThrownBy(() -> ExampleOptions.parse("--size")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--size needs a value");
        assertThatThrownBy(() -> ExampleOptions.parse("--stage", "2", "--config", "x.properties"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> ExampleOptions.parse("--fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --fast");
        assertThat(ExampleOptions.parse().size()).isEqualTo(ExampleOptions.DEFAULT_SIZE);
    }

    @Test
    @DisplayName("reads a configuration file, with ${tempDir} replaced")
    void configFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("app.properties");
        Files.writeString(config, """
                polyglot.transactional.uri=memory:
                polyglot.document.uri=memory:
                polyglot.cache.uri=memory:
                polyglot.vector.uri=memory:
                """);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        AssistantApp.RunResult result = run(output, "--config", config.toString(), "--size", "10", "--report",
                dir.resolve("r.html").toString());
        assertThat(result.workload().messages()).isPositive();
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("configuration from " + config);
    }
}
