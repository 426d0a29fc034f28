package dev.polyglot.evolution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** A {@link MigrationCheckpoint} in a properties file (or only in memory when the file is null). */
final class FileCheckpoint implements MigrationCheckpoint {

    private final @Nullable Path file;
    private final Properties values = new Properties();

    FileCheckpoint(@Nullable Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                values.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read migration checkpoint " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized Optional<String> position(String collection) {
        return Optional.ofNullable(values.getProperty(collection + ".position"));
    }

    @Override
    public synchronized boolean isComplete(String collection) {
        return "true".equals(values.getProperty(collection + ".complete"));
    }

    @Override
    public synchronized void save(String collection, String position) {
        values.setProperty(collection + ".position", position);
        write();
    }

    @Override
    public synchronized void complete(String collection) {
        values.setProperty(collection + ".complete", "true");
        write();
    }

    private void write() {
        if (file == null) {
            return;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                values.store(out, "Polyglot migration checkpoint: last copied position per collection");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write migration checkpoint " + file, e);
        }
    }

    @Override
    public synchronized String toString() {
        return file == null ? "MigrationCheckpoint[in memory]" : "MigrationCheckpoint[" + file + "]";
    }
}
