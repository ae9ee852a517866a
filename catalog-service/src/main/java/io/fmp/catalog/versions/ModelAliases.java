package io.fmp.catalog.versions;

import io.fmp.catalog.governance.GovernanceGate;
import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.model.Model;
import io.fmp.catalog.model.ModelCatalog;
import io.fmp.catalog.snapshot.CatalogGeneration;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelAliasMoved;
import io.fmp.contracts.identity.Principal;
import io.fmp.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Aliases such as {@code production} and {@code candidate}: movable names for one version of a
 * model, so callers can follow "the production Llama" while versions stay immutable.
 */
@ApplicationScoped
public class ModelAliases {

    private static final Logger LOG = Logger.getLogger(ModelAliases.class);
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    @Inject
    Outbox outbox;

    @Inject
    CatalogGeneration generation;

    @Inject
    GovernanceGate gate;

    /** "@production" and "production" name the same alias. */
    public static String normalise(String alias) {
        return alias != null && alias.startsWith("@") ? alias.substring(1) : alias;
    }

    /**
     * Points the alias at the model and emits {@code model.alias-moved}; nothing happens if it points there already.
     * A protected alias (production) moves only when governance's gate allows.
     */
    @Transactional
    public void point(Principal caller, String name, String alias, String modelId) {
        String normalised = normalise(alias);
        List<FieldViolation> violations = new ArrayList<>();
        if (name == null || name.isBlank()) {
            violations.add(new FieldViolation("name", "is required"));
        }
        if (normalised == null || !ALIAS.matcher(normalised).matches()) {
            violations.add(new FieldViolation("alias",
                    "must be a lower-case word such as production or candidate (letters, digits, '-', at most 40)"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        ModelCatalog.requireModelId("modelId", modelId);
        Model target = ModelCatalog.changeable(caller, modelId);
        if (!target.name.equals(name)) {
            throw new InvalidInputException("modelId", "is a version of '" + target.name + "', not of '" + name + "'");
        }
        if (target.lifecycleState == LifecycleState.RETIRED) {
            throw new StateConflictException(target.name + " " + target.version + " is retired and cannot take an alias");
        }
        ModelAlias existing = ModelAlias.findById(new ModelAlias.Key(name, normalised));
        if (existing != null && existing.modelId.equals(modelId)) {
            return;
        }
        if (gate.protects(normalised)) {
            gate.require(normalised, modelId);
            // the decision that let it through may have changed the card meanwhile (lifecycle approved)
            Model.getEntityManager().refresh(target);
        }
        long stamp = generation.stamp();
        Model previous = null;
        if (existing == null) {
            existing = new ModelAlias();
            existing.modelName = name;
            existing.alias = normalised;
        } else {
            previous = Model.findById(existing.modelId);
            previous.changeSeq = stamp;
        }
        existing.modelId = modelId;
        existing.movedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        existing.persist();
        target.changeSeq = stamp;
        outbox.emit(EventTypes.MODEL_ALIAS_MOVED, name + "@" + normalised, new ModelAliasMoved(name, normalised,
                previous == null ? null : previous.id, previous == null ? null : previous.version, target.id,
                target.version));
        LOG.infof("Alias %s@%s now points at %s (%s)", name, normalised, target.version, target.id);
    }
}
