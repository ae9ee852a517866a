package io.fmp.catalog.model;

import io.fmp.catalog.snapshot.CatalogGeneration;
import io.fmp.contracts.errors.AccessDeniedException;
import io.fmp.contracts.errors.ConflictException;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.errors.StaleRevisionException;
import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.events.ModelStateChanged;
import io.fmp.contracts.events.ModelUpdated;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes model cards: registration, metadata updates and lifecycle moves. Every change commits
 * together with its event and advances the catalog generation, so readers see it at once.
 */
@ApplicationScoped
public class ModelCatalog {

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
    private static final Pattern MODEL_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Inject
    Outbox outbox;

    @Inject
    CatalogGeneration generation;

    /** Stores the card and emits {@code model.registered} in the same transaction; returns the new id. */
    @Transactional
    public String register(Principal caller, ModelCardSpec card) {
        List<FieldViolation> violations = new ArrayList<>(ModelCardValidator.violations(card));
        String base = card.lineage().baseModelId();
        if (base != null && violations.stream().noneMatch(v -> v.field().equals("lineage.baseModelId"))
                && Model.findById(base) == null) {
            violations.add(new FieldViolation("lineage.baseModelId", "no model with id " + base + " in the catalog"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        if (exists(card.name(), card.version())) {
            throw duplicate(card);
        }
        Model model = new Model();
        model.id = UUID.randomUUID().toString();
        model.project = caller.owningProject();
        model.apply(card);
        var license = LicenseRegistry.find(card.license());
        model.licenseKnown = license.isPresent();
        model.commercialUse = license.map(LicenseRegistry.License::commercialUse).orElse(false);
        if (license.isEmpty()) {
            LOG.warnf("Model %s %s has licence '%s', which the catalog does not know: commercial use not assumed",
                    card.name(), card.version(), card.license());
        }
        model.registeredAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        model.changeSeq = generation.stamp();
        model.persist();
        try {
            Model.flush();
        } catch (jakarta.persistence.PersistenceException e) {
            // a concurrent registration of the same name + version won the unique constraint
            throw duplicate(card);
        }
        outbox.emit(EventTypes.MODEL_REGISTERED, model.id, new ModelRegistered(model.id, model.name, model.provider,
                model.version, model.parameterCount, model.license, model.contextWindow, model.tasks, model.serving(),
                model.project, model.cardFacts()));
        LOG.infof("Registered model %s (%s %s)", model.id, model.name, model.version);
        return model.id;
    }

    /**
     * Registers every card of a catalog file in one transaction: all or nothing. Cards whose name
     * and version exist already are reported by position, like any other bad entry.
     */
    @Transactional
    public List<String> importAll(Principal caller, String catalogYaml) {
        List<ModelCardSpec> cards = CatalogYaml.parse(catalogYaml);
        List<FieldViolation> duplicates = new ArrayList<>();
        for (int i = 0; i < cards.size(); i++) {
            if (exists(cards.get(i).name(), cards.get(i).version())) {
                duplicates.add(new FieldViolation("models[" + i + "]",
                        cards.get(i).name() + " " + cards.get(i).version() + " is already registered"));
            }
        }
        if (!duplicates.isEmpty()) {
            throw new InvalidInputException(duplicates);
        }
        return cards.stream().map(card -> register(caller, card)).toList();
    }

    /** Every card the caller sees, oldest first, in the catalog YAML format. */
    @Transactional
    public String exportAll(Principal caller) {
        return CatalogYaml.write(Model.<Model>list("order by registeredAt, id").stream()
                .filter(model -> caller.sees(model.project)).map(Model::spec).toList());
    }

    /**
     * Changes mutable metadata and/or the lifecycle state; emits {@code model.updated} for changed
     * fields and {@code model.state-changed} for a move. A change to nothing emits nothing.
     */
    @Transactional
    public void update(Principal caller, String id, ModelUpdate update) {
        Set<MutableField> fields = EnumSet.noneOf(MutableField.class);
        boolean stateChange = false;
        List<FieldViolation> violations = new ArrayList<>();
        if (update.paths().isEmpty()) {
            violations.add(new FieldViolation("updateMask", "names no field to change"));
        }
        for (int i = 0; i < update.paths().size(); i++) {
            String path = update.paths().get(i);
            if (ModelUpdate.LIFECYCLE_STATE.equals(path)) {
                stateChange = true;
            } else if (MutableField.ofPath(path).isPresent()) {
                fields.add(MutableField.ofPath(path).get());
            } else {
                violations.add(new FieldViolation("updateMask.paths[" + i + "]", "'" + path
                        + "' cannot change: a version's content is immutable (register a new version); changeable: "
                        + changeablePaths()));
            }
        }
        if (stateChange && update.lifecycleState() == null) {
            violations.add(new FieldViolation(ModelUpdate.LIFECYCLE_STATE, "is required when the mask names it"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        Model model = changeable(caller, id);
        if (update.expectedRevision() != null && update.expectedRevision() != model.revision) {
            throw new StaleRevisionException("model " + id + " is at revision " + model.revision + ", not "
                    + update.expectedRevision() + "; read it again and reapply the change");
        }
        ModelCardSpec current = model.spec();
        ModelCardSpec next = MutableField.apply(current, update.values(), fields);
        ModelCardValidator.requireValid(next);
        List<String> changed = fields.stream()
                .filter(f -> !Objects.equals(MutableField.apply(current, next, EnumSet.of(f)), current))
                .map(f -> f.path).toList();
        if (stateChange && model.lifecycleState != update.lifecycleState()) {
            model.lifecycleState.manualMoveProblem(update.lifecycleState()).ifPresent(problem -> {
                throw new StateConflictException("cannot move " + model.name + " " + model.version + " from "
                        + model.lifecycleState.word() + " to " + update.lifecycleState().word() + ": " + problem);
            });
            if (update.lifecycleState() == LifecycleState.RETIRED) {
                List<String> aliases = io.fmp.catalog.versions.ModelAlias.<io.fmp.catalog.versions.ModelAlias>list(
                        "modelId", id).stream().map(a -> a.alias).sorted().toList();
                if (!aliases.isEmpty()) {
                    throw new StateConflictException("cannot retire " + model.name + " " + model.version
                            + ": aliases " + String.join(", ", aliases) + " point at it; move them first");
                }
            }
        }
        if (!changed.isEmpty()) {
            // stamp first: its native update flushes the session, which must not hold half the change
            long stamp = generation.stamp();
            model.apply(next);
            model.changeSeq = stamp;
            Model.flush();
            outbox.emit(EventTypes.MODEL_UPDATED, id, new ModelUpdated(id, model.name, model.version, changed,
                    model.revision, model.serving()));
            LOG.infof("Updated model %s: %s", id, changed);
        }
        if (stateChange && model.lifecycleState != update.lifecycleState()) {
            moveState(model, update.lifecycleState(), update.reason() == null ? "changed through the API" : update.reason());
        }
    }

    /** Moves a model through its lifecycle (callers check the rules) and emits {@code model.state-changed}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void moveState(Model model, LifecycleState target, String reason) {
        LifecycleState from = model.lifecycleState;
        long stamp = generation.stamp();
        model.lifecycleState = target;
        model.changeSeq = stamp;
        outbox.emit(EventTypes.MODEL_STATE_CHANGED, model.id, new ModelStateChanged(model.id, model.name,
                model.version, from.word(), target.word(), reason));
        LOG.infof("Model %s (%s %s) moved from %s to %s: %s", model.id, model.name, model.version, from.word(),
                target.word(), reason);
    }

    public boolean exists(String name, String version) {
        return Model.count("name = ?1 and version = ?2", name, version) > 0;
    }

    /** The stored model; INVALID_ARGUMENT for a malformed id, NOT_FOUND for an unknown one. */
    public static Model find(String id) {
        requireModelId("id", id);
        Model model = Model.findById(id);
        if (model == null) {
            throw new ResourceNotFoundException("model", id);
        }
        return model;
    }

    /**
     * The stored model the caller may change: NOT_FOUND when it cannot see it, PERMISSION_DENIED when it
     * sees it but the model is another project's (the shared catalog is the administrators').
     */
    public static Model changeable(Principal caller, String id) {
        Model model = find(id);
        if (!caller.sees(model.project)) {
            throw new ResourceNotFoundException("model", id);
        }
        if (!caller.mayChange(model.project)) {
            throw new AccessDeniedException("model " + id + " belongs to the project " + model.project
                    + "; only its members" + (Principal.SHARED.equals(model.project) ? " (platform administrators)" : "")
                    + " may change it");
        }
        return model;
    }

    public static void requireModelId(String field, String id) {
        if (id == null || !MODEL_ID.matcher(id).matches()) {
            throw new InvalidInputException(field, "must be a model id (a lower-case UUID)");
        }
    }

    private static String changeablePaths() {
        List<String> paths = new ArrayList<>();
        for (MutableField field : MutableField.values()) {
            paths.add(field.path);
        }
        paths.add(ModelUpdate.LIFECYCLE_STATE);
        return String.join(", ", paths);
    }

    private static ConflictException duplicate(ModelCardSpec card) {
        return new ConflictException("a model named '" + card.name() + "' with version '" + card.version()
                + "' is already registered");
    }
}
