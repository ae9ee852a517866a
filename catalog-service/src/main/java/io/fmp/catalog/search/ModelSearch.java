package io.fmp.catalog.search;

import io.fmp.catalog.snapshot.CatalogEntry;
import io.fmp.catalog.snapshot.CatalogIndex;
import io.fmp.catalog.snapshot.CatalogSnapshot;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Searches the catalog snapshot with keyset pagination: a page continues after the last
 * (sort key, id) seen, so models added or removed meanwhile never shift later pages. Equality
 * filters intersect the index's bit sets; the page is then read off the presorted order, starting
 * at the token's rank, until it is full.
 */
@ApplicationScoped
public class ModelSearch {

    /** @param nextPageToken null on the last page */
    public record Page(List<CatalogEntry> models, String nextPageToken) {
    }

    /** A page of the catalog as the view holds it. */
    /** @param projects the projects whose models the caller sees; null for all */
    public Page search(CatalogSnapshot.View view, ModelQuery query, List<String> projects) {
        int pageSize = query.pageSize() == 0 ? ModelQuery.DEFAULT_PAGE_SIZE : query.pageSize();
        validate(query, pageSize);
        CatalogIndex.Order order = query.sort();
        PageToken token = query.pageToken() == null ? null : PageToken.decode(query.pageToken(), query.fingerprint());
        Object tokenKey = token == null ? null : parseKey(query.sort(), token.sortKey());

        CatalogIndex index = view.index();
        BitSet matches = filter(index, query);
        matches.and(index.inProjects(projects));
        String[] words = query.text() == null ? new String[0]
                : query.text().toLowerCase(Locale.ROOT).strip().split("\\s+");
        int step = query.descending() ? -1 : 1;
        int rank = query.descending()
                ? (token == null ? index.size() : index.countBefore(order, tokenKey, token.id(), false)) - 1
                : (token == null ? 0 : index.countBefore(order, tokenKey, token.id(), true));
        List<CatalogEntry> found = new ArrayList<>(pageSize + 1);
        for (; rank >= 0 && rank < index.size() && found.size() <= pageSize; rank += step) {
            int position = index.positionAt(order, rank);
            if (matches.get(position) && inRanges(index, position, query) && containsAll(index.searchText(position), words)) {
                found.add(view.entries().get(position));
            }
        }
        if (found.size() <= pageSize) {
            return new Page(found, null);
        }
        List<CatalogEntry> page = List.copyOf(found.subList(0, pageSize));
        CatalogEntry last = page.get(page.size() - 1);
        return new Page(page, new PageToken(sortKey(query.sort(), last), last.id()).encode(query.fingerprint()));
    }

    private static BitSet filter(CatalogIndex index, ModelQuery q) {
        BitSet matches = index.all();
        if (q.task() != null) {
            CatalogIndex.retain(matches, index.byTask(), q.task());
        }
        if (q.language() != null) {
            CatalogIndex.retain(matches, index.byLanguage(), q.language());
        }
        if (q.tag() != null) {
            CatalogIndex.retain(matches, index.byTag(), q.tag());
        }
        if (q.license() != null) {
            CatalogIndex.retain(matches, index.byLicense(), q.license());
        }
        if (q.provider() != null) {
            CatalogIndex.retain(matches, index.byProvider(), q.provider());
        }
        if (q.name() != null) {
            CatalogIndex.retain(matches, index.byName(), q.name());
        }
        if (q.baseModelId() != null) {
            CatalogIndex.retain(matches, index.byBaseModel(), q.baseModelId());
        }
        if (q.deploymentOption() != null) {
            matches.and(index.byDeployment(q.deploymentOption()));
        }
        if (q.lifecycleState() != null) {
            matches.and(index.byState(q.lifecycleState()));
        }
        if (q.commercialUse() != null) {
            if (q.commercialUse()) {
                matches.and(index.commercial());
            } else {
                matches.andNot(index.commercial());
            }
        }
        return matches;
    }

    private static boolean inRanges(CatalogIndex index, int position, ModelQuery q) {
        return (q.minParameters() == null || index.parameters(position) >= q.minParameters())
                && (q.maxParameters() == null || index.parameters(position) <= q.maxParameters())
                && (q.minContextWindow() == null || index.contextWindow(position) >= q.minContextWindow());
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

    private static String sortKey(CatalogIndex.Order sort, CatalogEntry entry) {
        return switch (sort) {
            case NAME -> entry.card().name();
            case PARAMETERS -> Long.toString(entry.card().parameterCount());
            case CONTEXT_WINDOW -> Integer.toString(entry.card().contextWindow());
            case REGISTERED_AT -> entry.registeredAt().toString();
        };
    }

    private static Object parseKey(CatalogIndex.Order sort, String key) {
        try {
            return switch (sort) {
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
