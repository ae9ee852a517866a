package io.fmp.catalog.snapshot;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole catalog in memory for reads: search, get, versions and recommendations answer from it
 * without touching the card tables. Every read first asks the database for the latest committed
 * generation (one indexed row) and, when writes happened (here or in another replica), loads only
 * the rows stamped since; so a read never sees older data than a previous read or a committed write.
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

        /** Every version of a model name, newest registration first. */
        public List<CatalogEntry> versionsOf(String name) {
            return entries.stream().filter(e -> e.card().name().equals(name))
                    .sorted(Comparator.comparing(CatalogEntry::registeredAt).thenComparing(CatalogEntry::id).reversed())
                    .toList();
        }
    }

    @Inject
    CatalogGeneration generation;

    @Inject
    SnapshotLoader loader;

    private volatile View view;

    /** Loads the catalog once the schema and the seed are in place, so the first read is fast. */
    void warmUp(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        current();
    }

    /** The catalog as of the latest committed write. */
    public View current() {
        long latest = generation.current();
        View seen = view;
        if (seen != null && seen.generation() >= latest) {
            return seen;
        }
        synchronized (this) {
            if (view == null || view.generation() < latest) {
                view = loader.refresh(view);
            }
            return view;
        }
    }
}
