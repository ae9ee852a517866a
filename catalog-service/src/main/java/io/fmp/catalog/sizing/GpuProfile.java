package io.fmp.catalog.sizing;

import java.util.List;

/**
 * A GPU (or a MIG slice of one) a model can be placed on.
 *
 * @param resource the Kubernetes resource name that requests it ({@code nvidia.com/gpu} or a MIG resource)
 * @param product  the {@code nvidia.com/gpu.product} node label value
 * @param powerWatts board power used for energy estimates (a slice gets its share)
 * @param usdPerHour typical cloud on-demand price of one GPU hour in 2026 (a slice: its share of an H100);
 *                   a default for estimates, which callers may override with their own price
 */
public record GpuProfile(String name, double memoryGb, String resource, String product, double powerWatts,
                         boolean migSlice, double usdPerHour) {

    /** Common data-centre GPUs by memory size (24, 40, 48, 80, 141 GB) and H100 MIG slices. */
    public static final List<GpuProfile> CATALOG = List.of(
            new GpuProfile("L4-24GB", 24, "nvidia.com/gpu", "NVIDIA-L4", 72, false, 0.80),
            new GpuProfile("A100-40GB", 40, "nvidia.com/gpu", "NVIDIA-A100-SXM4-40GB", 400, false, 1.80),
            new GpuProfile("L40S-48GB", 48, "nvidia.com/gpu", "NVIDIA-L40S", 350, false, 1.40),
            new GpuProfile("H100-80GB", 80, "nvidia.com/gpu", "NVIDIA-H100-80GB-HBM3", 700, false, 2.80),
            new GpuProfile("H200-141GB", 141, "nvidia.com/gpu", "NVIDIA-H200", 700, false, 3.80),
            new GpuProfile("H100-MIG-1g.10gb", 10, "nvidia.com/mig-1g.10gb", "NVIDIA-H100-80GB-HBM3", 100, true, 0.40),
            new GpuProfile("H100-MIG-2g.20gb", 20, "nvidia.com/mig-2g.20gb", "NVIDIA-H100-80GB-HBM3", 200, true, 0.80),
            new GpuProfile("H100-MIG-3g.40gb", 40, "nvidia.com/mig-3g.40gb", "NVIDIA-H100-80GB-HBM3", 300, true, 1.20));

    public static java.util.Optional<GpuProfile> named(String name) {
        return CATALOG.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
