package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.ModelSort;
import io.fmp.contracts.catalog.v1.SearchModelsRequest;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.gateway.validation.ApiEnums;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Query parameters of {@code GET /api/v1/models}, checked and turned into the catalog's search. */
final class SearchParameters {

    private final List<FieldViolation> violations = new ArrayList<>();
    private final SearchModelsRequest.Builder request = SearchModelsRequest.newBuilder();

    static SearchModelsRequest of(Map<String, String> query) {
        SearchParameters p = new SearchParameters();
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            p.apply(parameter.getKey(), parameter.getValue());
        }
        if (!p.violations.isEmpty()) {
            throw new InvalidInputException(p.violations);
        }
        return p.request.build();
    }

    private void apply(String name, String value) {
        switch (name) {
            case "q" -> request.setText(value);
            case "task" -> request.setTask(value);
            case "language" -> request.setLanguage(value);
            case "license" -> request.setLicense(value);
            case "provider" -> request.setProvider(value);
            case "tag" -> request.setTag(value);
            case "name" -> request.setName(value);
            case "baseModelId" -> request.setBaseModelId(value);
            case "commercialUse" -> {
                if (value.equals("true") || value.equals("false")) {
                    request.setCommercialUse(Boolean.parseBoolean(value));
                } else {
                    violations.add(new FieldViolation(name, "must be true or false, was " + value));
                }
            }
            case "minParameters" -> number(name, value, request::setMinParameters);
            case "maxParameters" -> number(name, value, request::setMaxParameters);
            case "minContextWindow" -> number(name, value, v -> request.setMinContextWindow(Math.toIntExact(v)));
            case "pageSize" -> number(name, value, v -> request.setPageSize(Math.toIntExact(v)));
            case "pageToken" -> request.setPageToken(value);
            case "deploymentOption" -> word(name, value, ApiEnums.DeploymentOption.class, o -> request
                    .setDeploymentOption(ApiEnums.toProto(o, io.fmp.contracts.catalog.v1.DeploymentOption.class)));
            case "lifecycleState" -> word(name, value, ApiEnums.LifecycleState.class, s -> request
                    .setLifecycleState(ApiEnums.toProto(s, io.fmp.contracts.catalog.v1.LifecycleState.class)));
            case "sort" -> word(name, value, ApiEnums.ModelSort.class, s -> request.setSort(ApiEnums.toProto(s,
                    ModelSort.class)));
            case "order" -> word(name, value, ApiEnums.SortOrder.class, o -> request
                    .setDescending(o == ApiEnums.SortOrder.DESC));
            default -> violations.add(new FieldViolation(name, "is not a known query parameter"));
        }
    }

    private void number(String name, String value, java.util.function.LongConsumer setter) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0 || (name.equals("minContextWindow") || name.equals("pageSize")) && parsed > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            setter.accept(parsed);
        } catch (NumberFormatException e) {
            violations.add(new FieldViolation(name, "must be a non-negative whole number, was " + value));
        }
    }

    private <E extends Enum<E>> void word(String name, String value, Class<E> type, java.util.function.Consumer<E> setter) {
        E parsed = ApiEnums.parse(value, type);
        if (parsed == null) {
            violations.add(new FieldViolation(name, "must be one of " + String.join(", ", ApiEnums.words(type))
                    + ", was " + value));
        } else {
            setter.accept(parsed);
        }
    }
}
