package io.fmp.catalog.versions;

import io.fmp.catalog.model.ModelCatalog;
import io.fmp.catalog.snapshot.CatalogEntry;
import io.fmp.catalog.snapshot.CatalogSnapshot;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.identity.Principal;

/**
 * How callers name a model version: by id, by name and version, or by name and alias
 * ({@code Llama 3.1 8B Instruct@production}).
 */
public record ModelReference(String id, String name, String version, String alias) {

    /** The version the caller names, among those it sees (another project's model is not found). */
    public CatalogEntry resolve(CatalogSnapshot.View view, Principal caller) {
        if (id != null) {
            if (name != null || version != null || alias != null) {
                throw new InvalidInputException("id", "name a model by id or by name with version or alias, not both");
            }
            ModelCatalog.requireModelId("id", id);
            return view.get(id).filter(e -> caller.sees(e.project()))
                    .orElseThrow(() -> new ResourceNotFoundException("model", id));
        }
        if (name == null) {
            throw new InvalidInputException("id", "is required (or name with version or alias)");
        }
        if ((version == null) == (alias == null)) {
            throw new InvalidInputException("version", "give either version or alias with name");
        }
        String wanted = ModelAliases.normalise(alias);
        return view.versionsOf(caller, name).stream()
                .filter(e -> version != null ? e.card().version().equals(version) : e.aliases().contains(wanted))
                .findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("model",
                        name + (version != null ? " version " + version : "@" + wanted)));
    }
}
