package dev.polyglot.metrics;

import dev.polyglot.Port;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything measured on one port: its adapter, the latency summary of each operation, and what
 * the port's rules need beyond latency (transactions and retries; document shapes; vector
 * collection sizes).
 *
 * @param port the port
 * @param adapter the adapter's name, such as {@code postgresql} or {@code memory}
 * @param operations one summary per operation that ran, by name
 * @param transactions transaction counts (Transactional port; {@link TransactionSnapshot#NONE} otherwise)
 * @param documentCollections per-collection shapes (Document port; empty otherwise)
 * @param vectorCollections per-collection sizes (Vector port; empty otherwise)
 */
public record PortSnapshot(Port port, String adapter, List<OperationSnapshot> operations, TransactionSnapshot transactions,
        List<DocumentCollectionSnapshot> documentCollections, List<VectorCollectionSnapshot> vectorCollections) {

    /**
     * Copies the lists, sorting operations by name.
     *
     * @param port the port
     * @param adapter the adapter's name
     * @param operations one summary per operation
     * @param transactions transaction counts
     * @param documentCollections per-collection shapes
     * @param vectorCollections per-collection sizes
     * @throws IllegalArgumentException if the port, adapter or a list is missing
     */
    public PortSnapshot {
        if (port == null || adapter == null || adapter.isBlank() || operations == null || transactions == null
                || documentCollections == null || vectorCollections == null) {
            throw new IllegalArgumentException("port, adapter, operations, transactions and collections must be given");
        }
        operations = operations.stream().sorted(Comparator.comparing(OperationSnapshot::operation)).toList();
        documentCollections = List.copyOf(documentCollections);
        vectorCollections = List.copyOf(vectorCollections);
    }

    /**
     * Returns a port's figures with nothing but operations, as built in tests and tools.
     *
     * @param port the port
     * @param adapter the adapter's name
     * @param operations one summary per operation
     * @return the snapshot
     */
    public static PortSnapshot of(Port port, String adapter, List<OperationSnapshot> operations) {
        return new PortSnapshot(port, adapter, operations, TransactionSnapshot.NONE, List.of(), List.of());
    }

    /**
     * Returns one operation's summary.
     *
     * @param name the operation's name, such as {@code get}
     * @return its summary, if it ran
     */
    public Optional<OperationSnapshot> operation(String name) {
        return operations.stream().filter(o -> o.operation().equals(name)).findFirst();
    }

    /**
     * Merges the summaries of the named operations (those that ran) into one.
     *
     * @param name the merged summary's name
     * @param names the operations to merge
     * @return the merged summary, empty of samples if none of them ran
     */
    public OperationSnapshot combined(String name, Set<String> names) {
        return OperationSnapshot.combine(name, operations.stream().filter(o -> names.contains(o.operation())).toList());
    }

    /**
     * Returns how many operations ran on this port in all.
     *
     * @return the sum of the operations' counts
     */
    public long totalCount() {
        return operations.stream().mapToLong(OperationSnapshot::count).sum();
    }
}
