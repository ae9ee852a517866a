package io.fmp.tuning.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fmp.tuning.jobs.JobSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a GPU workload lands, for trainer pods and inference pods alike: the GPU resource to request (a whole
 * {@code nvidia.com/gpu} or a MIG slice) with its count, the {@code nvidia.com/gpu.product} node selector of the
 * profile the catalog's fit estimate named, and the tolerations of GPU taints.
 */
public final class GpuPlacement {

    public static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";

    private GpuPlacement() {
    }

    public static Map<String, String> nodeSelector(JobSpec.Gpu gpu) {
        return Map.of(GPU_PRODUCT_LABEL, gpu.product());
    }

    /** Limits: the GPUs (and memory when given); a GPU is never shared, so limits and requests match. */
    public static Map<String, Quantity> limits(JobSpec.Resources resources) {
        Map<String, Quantity> limits = new LinkedHashMap<>();
        limits.put(resources.gpu().resource(), new Quantity(Integer.toString(resources.gpuCount())));
        if (resources.memory() != null) {
            limits.put("memory", new Quantity(resources.memory()));
        }
        return limits;
    }

    public static Map<String, Quantity> requests(JobSpec.Resources resources) {
        Map<String, Quantity> requests = limits(resources);
        if (resources.cpu() != null) {
            requests.put("cpu", new Quantity(resources.cpu()));
        }
        return requests;
    }

    /** Tolerations of GPU taints: {@code key:Effect} (operator Exists) or {@code key=value:Effect}. */
    public static List<Toleration> tolerations(List<String> specs) {
        List<Toleration> tolerations = new ArrayList<>();
        for (String spec : specs) {
            String[] keyAndEffect = spec.split(":", 2);
            String effect = keyAndEffect.length == 2 ? keyAndEffect[1] : null;
            String[] keyAndValue = keyAndEffect[0].split("=", 2);
            TolerationBuilder toleration = new TolerationBuilder().withKey(keyAndValue[0]).withEffect(effect);
            if (keyAndValue.length == 2) {
                toleration.withOperator("Equal").withValue(keyAndValue[1]);
            } else {
                toleration.withOperator("Exists");
            }
            tolerations.add(toleration.build());
        }
        return tolerations;
    }
}
