package dev.polyglot.hnsw;

import java.io.IOException;
import java.nio.file.Path;

/** A file of the store that is damaged or not ours; the store turns it into a StoreConfigurationException. */
final class HnswFileException extends IOException {
    private static final long serialVersionUID = 1L;

    HnswFileException(Path file, String problem) {
        super("HNSW store file " + file + " " + problem);
    }
}
