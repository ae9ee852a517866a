package io.fmp.catalog.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Licence ids the catalog knows (SPDX and Hugging Face ids), with whether they allow commercial
 * use. An id not listed here is flagged as unknown and never guessed.
 */
public final class LicenseRegistry {

    /** @param commercialUse whether the licence permits commercial use (possibly with conditions) */
    public record License(String id, String name, boolean commercialUse, String conditions) {
    }

    private static final Map<String, License> KNOWN = Map.ofEntries(
            entry("apache-2.0", "Apache License 2.0", true, ""),
            entry("mit", "MIT License", true, ""),
            entry("bsd-3-clause", "BSD 3-Clause License", true, ""),
            entry("cc-by-4.0", "Creative Commons Attribution 4.0", true, "attribution"),
            entry("cc-by-sa-4.0", "Creative Commons Attribution-ShareAlike 4.0", true, "share alike"),
            entry("cc-by-nc-4.0", "Creative Commons Attribution-NonCommercial 4.0", false, "non-commercial only"),
            entry("cc-by-nc-sa-4.0", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0", false,
                    "non-commercial only"),
            entry("openrail", "Open RAIL", true, "use restrictions"),
            entry("openrail++", "Open RAIL++-M", true, "use restrictions"),
            entry("bigscience-openrail-m", "BigScience OpenRAIL-M", true, "use restrictions"),
            entry("llama2", "Llama 2 Community License", true, "700M monthly active users limit, acceptable use policy"),
            entry("llama3", "Meta Llama 3 Community License", true, "700M monthly active users limit, acceptable use policy"),
            entry("llama3.1", "Llama 3.1 Community License", true, "700M monthly active users limit, acceptable use policy"),
            entry("llama3.2", "Llama 3.2 Community License", true, "700M monthly active users limit, acceptable use policy"),
            entry("llama3.3", "Llama 3.3 Community License", true, "700M monthly active users limit, acceptable use policy"),
            entry("gemma", "Gemma Terms of Use", true, "prohibited use policy"),
            entry("mistral-research", "Mistral AI Research License", false, "research only"),
            entry("falcon-llm", "TII Falcon LLM License", true, "attribution; royalties above a revenue threshold"),
            entry("proprietary", "Proprietary API terms", true, "provider's commercial terms"));

    private LicenseRegistry() {
    }

    private static Map.Entry<String, License> entry(String id, String name, boolean commercial, String conditions) {
        return Map.entry(id, new License(id, name, commercial, conditions));
    }

    /** The licence for an id (case-insensitive), or empty when the id is not known. */
    public static Optional<License> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(KNOWN.get(id.toLowerCase(Locale.ROOT)));
    }
}
