package io.fmp.catalog.search;

import io.fmp.catalog.snapshot.CatalogEntry;
import io.fmp.catalog.snapshot.CatalogSnapshot;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Searches the catalog snapshot with keyset pagination: a page continues after the last
 * (sort key, id) seen, so models added or removed meanwhile never shift later pages. One pass over
 * the catalog keeps only the best page-size + 1 matches.
 */
@ApplicationScoped
public class ModelSearch {

    /** @param nextPageToken null on the last page */
    public record Page(List<CatalogEntry> models, String nextPageToken) {
    }

    @Inject
    CatalogSnapshot snapshot;

    public Page search(ModelQuery query) {
        int pageSize = query.pageSize() == 0 ? ModelQuery.DEFAULT_PAGE_SIZE : query.pageSize();
        validate(query, pageSize);
        Function<CatalogEntry, Comparable<Object>> key = sortKey(query.sort());
        Comparator<CatalogEntry> order = Comparator.comparing(key).thenComparing(CatalogEntry::id);
        if (query.descending()) {
            order = order.reversed();
        }
        Predicate<CatalogEntry> afterToken = e -> true;
        if (query.pageToken() != null) {
            PageToken token = PageToken.decode(query.pageToken(), query.fingerprint());
            Comparable<Object> tokenKey = parseKey(query.sort(), token.sortKey());
            int direction = query.descending() ? -1 : 1;
            afterToken = e -> {
                int byKey = key.apply(e).compareTo(tokenKey);
                return direction * (byKey != 0 ? byKey : e.id().compareTo(token.id())) > 0;
            };
        }
        CatalogSnapshot.View view = snapshot.current();
        String[] words = query.text() == null ? new String[0]
                : query.text().toLowerCase(Locale.ROOT).strip().split("\\s+");
        Predicate<CatalogEntry> filter = filter(query).and(afterToken);
        // a max-heap of the best pageSize + 1: its head is the worst kept
        PriorityQueue<CatalogEntry> best = new PriorityQueue<>(pageSize + 2, order.reversed());
        for (int i = 0; i < view.entries().size(); i++) {
            CatalogEntry entry = view.entries().get(i);
            if (!containsAll(view.searchTexts().get(i), words) || !filter.test(entry)) {
                continue;
            }
            if (best.size() <= pageSize) {
                best.add(entry);
            } else if (order.compare(entry, best.peek()) < 0) {
                best.poll();
                best.add(entry);
            }
        }
        List<CatalogEntry> found = new ArrayList<>(best);
        found.sort(order);
        if (found.size() <= pageSize) {
            return new Page(found, null);
        }
        List<CatalogEntry> page = found.subList(0, pageSize);
        CatalogEntry last = page.get(page.size() - 1);
        return new Page(List.copyOf(page), new PageToken(key.apply(last).toString(), last.id()).encode(query.fingerprint()));
    }

    private static Predicate<CatalogEntry> filter(ModelQuery q) {
        List<Predicate<CatalogEntry>> all = new ArrayList<>();
        if (q.task() != null) {
            all.add(e -> e.card().tasks().contains(q.task()));
        }
        if (q.language() != null) {
            all.add(e -> e.card().facts().languages().contains(q.language()));
        }
        if (q.tag() != null) {
            all.add(e -> e.card().facts().tags().contains(q.tag()));
        }
        if (q.deploymentOption() != null) {
            all.add(e -> e.card().facts().deploymentOptions().contains(q.deploymentOption()));
        }
        if (q.license() != null) {
            all.add(e -> e.card().license().equals(q.license()));
        }
        if (q.provider() != null) {
            all.add(e -> e.card().provider().equals(q.provider()));
        }
        if (q.name() != null) {
            all.add(e -> e.card().name().equals(q.name()));
        }
        if (q.baseModelId() != null) {
            all.add(e -> q.baseModelId().equals(e.card().lineage().baseModelId()));
        }
        if (q.commercialUse() != null) {
            all.add(e -> e.commercialUse() == q.commercialUse());
        }
        if (q.minParameters() != null) {
            all.add(e -> e.card().parameterCount() >= q.minParameters());
        }
        if (q.maxParameters() != null) {
            all.add(e -> e.card().parameterCount() <= q.maxParameters());
        }
        if (q.minContextWindow() != null) {
            all.add(e -> e.card().contextWindow() >= q.minContextWindow());
        }
        if (q.lifecycleState() != null) {
            all.add(e -> e.state() == q.lifecycleState());
        }
        return all.stream().reduce(e -> true, Predicate::and);
    }

    private static boolean containsAll(String text, String[] words) {
        for (String word : words) {
            if (!word.isEmpty() && !text.contains(word)) {
                return false;
            }
        }
        return true;
    }

    private static void validate(ModelQuery query, int pageSize) {
        List<FieldViolation> violations = new ArrayList<>();
        if (pageSize < 1 || pageSize > ModelQuery.MAX_PAGE_SIZE) {
            violations.add(new FieldViolation("pageSize", "must be between 1 and " + ModelQuery.MAX_PAGE_SIZE
                    + ", was " + query.pageSize()));
        }
        if (query.minParameters() != null && query.maxParameters() != null
                && query.minParameters() > query.maxParameters()) {
            violations.add(new FieldViolation("minParameters", "must not exceed maxParameters"));
        }
        if (query.text() != null && query.text().length() > 200) {
            violations.add(new FieldViolation("text", "must be at most 200 characters"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    @SuppressWarnings("unchecked")
    private static Function<CatalogEntry, Comparable<Object>> sortKey(ModelQuery.Sort sort) {
        Function<CatalogEntry, ? extends Comparable<?>> key = switch (sort) {
            case NAME -> e -> e.card().name();
            case PARAMETERS -> e -> e.card().parameterCount();
            case CONTEXT_WINDOW -> e -> e.card().contextWindow();
            case REGISTERED_AT -> CatalogEntry::registeredAt;
        };
        return (Function<CatalogEntry, Comparable<Object>>) key;
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> parseKey(ModelQuery.Sort sort, String key) {
        try {
            return (Comparable<Object>) (Comparable<?>) switch (sort) {
                case NAME -> key;
                case PARAMETERS -> Long.parseLong(key);
                case CONTEXT_WINDOW -> Integer.parseInt(key);
                case REGISTERED_AT -> OffsetDateTime.parse(key);
            };
        } catch (RuntimeException e) {
            throw new InvalidInputException("pageToken", "is not a token this API issued");
        }
    }
}
