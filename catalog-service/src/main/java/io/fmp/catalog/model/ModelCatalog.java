package io.fmp.catalog.model;

import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.errors.ConflictException;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
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
import java.util.UUID;
import java.util.regex.Pattern;

/** Registers and looks up model cards; every change commits together with its event. */
@ApplicationScoped
public class ModelCatalog {

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
    private static final Pattern MODEL_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Inject
    Outbox outbox;

    /** Stores the card and emits {@code model.registered} in the same transaction. */
    @Transactional
    public Model register(ModelCardSpec card) {
        ModelCardValidator.requireValid(card);
        if (exists(card.name(), card.version())) {
            throw new ConflictException("a model named '" + card.name() + "' with version '" + card.version()
                    + "' is already registered");
        }
        Model model = new Model();
        model.id = UUID.randomUUID().toString();
        model.name = card.name();
        model.provider = card.provider();
        model.version = card.version();
        model.parameterCount = card.parameterCount();
        model.license = card.license();
        model.contextWindow = card.contextWindow();
        model.tasks = new ArrayList<>(card.tasks());
        model.applyFacts(card.facts());
        var license = LicenseRegistry.find(card.license());
        model.licenseKnown = license.isPresent();
        model.commercialUse = license.map(LicenseRegistry.License::commercialUse).orElse(false);
        if (license.isEmpty()) {
            LOG.warnf("Model %s %s has licence '%s', which the catalog does not know: commercial use not assumed",
                    card.name(), card.version(), card.license());
        }
        model.registeredAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        model.persist();
        try {
            Model.flush();
        } catch (jakarta.persistence.PersistenceException e) {
            // a concurrent registration of the same name + version won the unique constraint
            throw new ConflictException("a model named '" + card.name() + "' with version '" + card.version()
                    + "' is already registered");
        }
        outbox.emit(EventTypes.MODEL_REGISTERED, model.id, new ModelRegistered(model.id, model.name, model.provider,
                model.version, model.parameterCount, model.license, model.contextWindow, model.tasks));
        LOG.infof("Registered model %s (%s %s)", model.id, model.name, model.version);
        return model;
    }

    /**
     * Registers every card of a catalog file in one transaction: all or nothing. Cards whose name
     * and version exist already are reported by position, like any other bad entry.
     */
    @Transactional
    public List<Model> importAll(String catalogYaml) {
        List<ModelCardSpec> cards = CatalogYaml.parse(catalogYaml);
        List<io.fmp.contracts.errors.FieldViolation> duplicates = new ArrayList<>();
        for (int i = 0; i < cards.size(); i++) {
            if (exists(cards.get(i).name(), cards.get(i).version())) {
                duplicates.add(new io.fmp.contracts.errors.FieldViolation("models[" + i + "]",
                        cards.get(i).name() + " " + cards.get(i).version() + " is already registered"));
            }
        }
        if (!duplicates.isEmpty()) {
            throw new InvalidInputException(duplicates);
        }
        return cards.stream().map(this::register).toList();
    }

    /** Every card, oldest first, in the catalog YAML format. */
    @Transactional
    public String exportAll() {
        return CatalogYaml.write(Model.<Model>list("order by registeredAt, id").stream().map(Model::spec).toList());
    }

    public boolean exists(String name, String version) {
        return Model.count("name = ?1 and version = ?2", name, version) > 0;
    }

    public Model get(String id) {
        if (id == null || !MODEL_ID.matcher(id).matches()) {
            throw new InvalidInputException("id", "must be a model id (a lower-case UUID)");
        }
        Model model = Model.findById(id);
        if (model == null) {
            throw new ResourceNotFoundException("model", id);
        }
        return model;
    }
}
