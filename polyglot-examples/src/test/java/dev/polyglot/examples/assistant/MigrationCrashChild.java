package dev.polyglot.examples.assistant;

import dev.polyglot.Polyglot;
import dev.polyglot.Port;
import dev.polyglot.evolution.Migration;
import dev.polyglot.evolution.MigrationCheckpoint;
import dev.polyglot.evolution.MigrationListener;
import dev.polyglot.evolution.MigrationProgress;
import java.nio.file.Path;

/**
 * The child JVM of {@link CrossStoreMigrationTest}'s kill -9 test: copies a document collection
 * from PostgreSQL to MongoDB with a file checkpoint, printing a line after each batch, slowly
 * enough that the parent kills it mid-copy.
 */
final class MigrationCrashChild {
    private MigrationCrashChild() {
    }

    public static void main(String[] args) {
        String postgresUri = args[0];
        String mongoUri = args[1];
        String collection = args[2];
        Path checkpoint = Path.of(args[3]);
        try (Polyglot source = Polyglot.builder().metrics(false).uri(Port.DOCUMENT, postgresUri).build();
                Polyglot target = Polyglot.builder().metrics(false).uri(Port.DOCUMENT, mongoUri).build()) {
            Migration.builder().batchSize(25).checkpoint(MigrationCheckpoint.file(checkpoint))
                    .listener(new MigrationListener() {
                        @Override
                        public void onProgress(MigrationProgress progress) {
                            System.out.println("batch " + progress.read());
                            System.out.flush();
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }).build().copyDocuments(source.document(), target.document(), collection);
            System.out.println("complete");
        }
    }
}
