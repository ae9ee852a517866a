package io.fmp.tuning.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.LinkedHashMap;
import java.util.Map;

/** Typed fabric8 objects as the plain maps a custom resource's spec (TrainJob, InferenceService) holds. */
public final class PlainObjects {

    private PlainObjects() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object model) {
        return Serialization.jsonMapper().convertValue(model, Map.class);
    }

    public static Map<String, String> quantities(Map<String, Quantity> quantities) {
        Map<String, String> plain = new LinkedHashMap<>();
        quantities.forEach((k, v) -> plain.put(k, v.toString()));
        return plain;
    }
}
