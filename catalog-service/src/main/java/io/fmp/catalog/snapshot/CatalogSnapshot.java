package io.fmp.catalog.snapshot;

import io.fmp.contracts.identity.Principal;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The whole catalog in memory for reads: search, get, versions and recommendations answer from it
 * without touching the card tables. Every read waits for a query of the latest committed generation
 * (one indexed row) that started after it asked and, when writes happened (here or in another
 * replica), for the rows stamped since to be loaded; so a read never sees older data than a previous
 * read or a committed write. Readers that arrive together share that query.
 */
@ApplicationScoped
public class CatalogSnapshot {

    /**
     * One consistent state of the catalog.
     *
     * @param entries every version, ordered by id
     * @param index   the entries' facts column by column, by position in {@code entries}
     */
    public record View(long generation, Map<String, CatalogEntry> byId, List<CatalogEntry> entries,
                       CatalogIndex index) {

        static View of(long generation, Map<String, CatalogEntry> byId) {
            List<CatalogEntry> entries = byId.values().stream().sorted(Comparator.comparing(CatalogEntry::id)).toList();
            return new View(generation, Map.copyOf(byId), entries, new CatalogIndex(entries));
        }

        public Optional<CatalogEntry> get(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        /** Every version of a model name the caller sees, newest registration first. */
        public List<CatalogEntry> versionsOf(Principal caller, String name) {
            return entries.stream().filter(e -> e.card().name().equals(name) && caller.sees(e.project()))
                    .sorted(Comparator.comparing(CatalogEntry::registeredAt).thenComparing(CatalogEntry::id).reversed())
                    .toList();
        }
    }

    @Inject
    CatalogGeneration generation;

    @Inject
    SnapshotLoader loader;

    /** Written only on the read thread. */
    private volatile View view;

    private SharedRead<View> reads;

    @PostConstruct
    void open() {
        reads = new SharedRead<>("catalog-snapshot-read", this::refreshed);
    }

    @PreDestroy
    void close() {
        reads.close();
    }

    /** Loads the catalog once the schema and the seed are in place, so the first read is fast. */
    void warmUp(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        current();
    }

    /**
     * The catalog as of the latest write committed before this call, without blocking the caller:
     * concurrent readers share one generation query (see {@link SharedRead}).
     */
    public CompletionStage<View> latest() {
        return reads.next();
    }

    /** {@link #latest()}, waited for: for callers on worker threads. */
    public View current() {
        try {
            return reads.next().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private View refreshed() {
        long latest = generation.current();
        View seen = view;
        if (seen == null || seen.generation() < latest) {
            view = loader.refresh(seen);
        }
        return view;
    }
}
