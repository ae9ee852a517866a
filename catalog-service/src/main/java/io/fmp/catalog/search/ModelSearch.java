package io.fmp.catalog.search;

import io.fmp.catalog.model.Model;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Searches the catalog with parameterised JPQL and keyset pagination: a page continues after the
 * last (sort key, id) seen, so models added or removed meanwhile never shift later pages.
 */
@ApplicationScoped
public class ModelSearch {

    /** @param nextPageToken null on the last page */
    public record Page(List<Model> models, String nextPageToken) {
    }

    @Inject
    EntityManager entityManager;

    @Transactional
    public Page search(ModelQuery query) {
        int pageSize = query.pageSize() == 0 ? ModelQuery.DEFAULT_PAGE_SIZE : query.pageSize();
        if (pageSize < 1 || pageSize > ModelQuery.MAX_PAGE_SIZE) {
            throw new InvalidInputException("pageSize", "must be between 1 and " + ModelQuery.MAX_PAGE_SIZE
                    + ", was " + query.pageSize());
        }
        validateRanges(query);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (query.text() != null) {
            int i = 0;
            for (String word : query.text().toLowerCase(Locale.ROOT).split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                String name = "word" + i++;
                where.append(" and (lower(m.name) like :").append(name).append(" escape '!' or lower(m.provider) like :")
                        .append(name).append(" escape '!' or lower(m.description) like :").append(name).append(" escape '!')");
                parameters.put(name, "%" + word.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            }
        }
        condition(where, parameters, query.task(), ":task member of m.tasks", "task");
        condition(where, parameters, query.language(), ":language member of m.languages", "language");
        condition(where, parameters, query.tag(), ":tag member of m.tags", "tag");
        condition(where, parameters, query.deploymentOption(), ":deploymentOption member of m.deploymentOptions",
                "deploymentOption");
        condition(where, parameters, query.license(), "m.license = :license", "license");
        condition(where, parameters, query.provider(), "m.provider = :provider", "provider");
        condition(where, parameters, query.commercialUse(), "m.commercialUse = :commercialUse", "commercialUse");
        condition(where, parameters, query.minParameters(), "m.parameterCount >= :minParameters", "minParameters");
        condition(where, parameters, query.maxParameters(), "m.parameterCount <= :maxParameters", "maxParameters");
        condition(where, parameters, query.minContextWindow(), "m.contextWindow >= :minContextWindow", "minContextWindow");
        condition(where, parameters, query.lifecycleState(), "m.lifecycleState = :lifecycleState", "lifecycleState");

        String key = "m." + query.sort().attribute;
        String direction = query.descending() ? "desc" : "asc";
        String after = query.descending() ? "<" : ">";
        if (query.pageToken() != null) {
            PageToken token = PageToken.decode(query.pageToken(), query.fingerprint());
            where.append(" and (").append(key).append(' ').append(after).append(" :afterKey or (").append(key)
                    .append(" = :afterKey and m.id ").append(after).append(" :afterId))");
            parameters.put("afterKey", sortValue(query.sort(), token.sortKey()));
            parameters.put("afterId", token.id());
        }
        TypedQuery<Model> jpql = entityManager.createQuery("select m from Model m where " + where
                + " order by " + key + ' ' + direction + ", m.id " + direction, Model.class);
        parameters.forEach(jpql::setParameter);
        List<Model> found = jpql.setMaxResults(pageSize + 1).getResultList();
        if (found.size() <= pageSize) {
            return new Page(found, null);
        }
        List<Model> page = new ArrayList<>(found.subList(0, pageSize));
        Model last = page.get(page.size() - 1);
        return new Page(page, new PageToken(sortKey(query.sort(), last), last.id).encode(query.fingerprint()));
    }

    private static void condition(StringBuilder where, Map<String, Object> parameters, Object value, String clause,
                                  String name) {
        if (value != null) {
            where.append(" and ").append(clause);
            parameters.put(name, value);
        }
    }

    private static void validateRanges(ModelQuery query) {
        List<FieldViolation> violations = new ArrayList<>();
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

    private static String sortKey(ModelQuery.Sort sort, Model model) {
        return switch (sort) {
            case NAME -> model.name;
            case PARAMETERS -> Long.toString(model.parameterCount);
            case CONTEXT_WINDOW -> Integer.toString(model.contextWindow);
            case REGISTERED_AT -> model.registeredAt.toString();
        };
    }

    private static Object sortValue(ModelQuery.Sort sort, String key) {
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
