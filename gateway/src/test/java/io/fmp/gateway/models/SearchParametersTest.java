package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.catalog.v1.ModelSort;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchParametersTest {

    @Test
    void queryParametersBecomeTheCatalogSearch() {
        var request = SearchParameters.of(Map.of("q", "llama", "commercialUse", "true", "minParameters", "1000",
                "deploymentOption", "on-prem", "sort", "parameters", "order", "desc", "pageSize", "5"));
        assertEquals("llama", request.getText());
        assertTrue(request.getCommercialUse());
        assertEquals(DeploymentOption.ON_PREM, request.getDeploymentOption());
        assertEquals(ModelSort.MODEL_SORT_PARAMETERS, request.getSort());
        assertTrue(request.getDescending());
        assertFalse(request.hasMaxParameters(), "absent filters stay absent");
    }

    @Test
    void everyBadParameterIsNamed() {
        Map<String, String> bad = new TreeMap<>(Map.of("commercialUse", "yes", "minParameters", "-3",
                "sort", "size", "colour", "red", "pageSize", "many"));
        List<String> fields = assertThrows(InvalidInputException.class, () -> SearchParameters.of(bad)).violations()
                .stream().map(FieldViolation::field).toList();
        assertEquals(List.of("colour", "commercialUse", "minParameters", "pageSize", "sort"), fields);
    }
}
