package io.fmp.governance.usecases;

import io.fmp.contracts.errors.ConflictException;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.events.AssessmentCompleted;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.UseCaseChanged;
import io.fmp.contracts.identity.Principal;
import io.fmp.governance.facts.ModelFact;
import io.fmp.governance.risk.RiskAssessor;
import io.fmp.governance.risk.RiskCatalogue;
import io.fmp.platform.outbox.Outbox;
import io.fmp.platform.storage.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The use-case inventory: registration, the lifecycle with an actor and a reason for every change, and the
 * risk assessment that puts a use case into its tier. Every change is announced (and so audited).
 */
@ApplicationScoped
public class UseCases {

    private static final Logger LOG = Logger.getLogger(UseCases.class);

    /** What an assessment leaves on the use case: the answers, the catalogue version, the obligations (assessedAt: ISO-8601). */
    public record StoredAssessment(String catalogueVersion, String tier, int quorum, List<String> obligations,
                                   Map<String, Object> answers, String assessedBy, String assessedAt) {
    }

    private final RiskAssessor assessor = new RiskAssessor(RiskCatalogue.load());

    @Inject
    Outbox outbox;

    public RiskCatalogue catalogue() {
        return assessor.catalogue();
    }

    @Transactional
    public UseCase create(Principal caller, UseCaseSpec spec) {
        spec.validate();
        String project = caller.owningProject();
        List<FieldViolation> unknown = new ArrayList<>();
        for (int i = 0; i < spec.approaches().size(); i++) {
            ModelFact model = ModelFact.findById(spec.approaches().get(i));
            if (model == null || !caller.sees(model.project)) {
                unknown.add(new FieldViolation("approaches[" + i + "]", "is no catalog model this caller may use"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidInputException(unknown);
        }
        if (UseCase.count("project = ?1 and name = ?2", project, spec.name()) > 0) {
            throw new ConflictException("project " + project + " has a use case named '" + spec.name() + "' already");
        }
        OffsetDateTime now = now();
        UseCase useCase = new UseCase();
        useCase.id = UUID.randomUUID().toString();
        useCase.project = project;
        useCase.name = spec.name();
        useCase.purpose = spec.purpose();
        useCase.owner = spec.owner();
        useCase.task = spec.task();
        useCase.detailsJson = Json.write(new UseCase.Details(spec.affectedPeople(), spec.dataCategories(),
                spec.deploymentContext(), spec.documents()));
        useCase.suitesJson = Json.write(spec.suites());
        useCase.approachesJson = Json.write(spec.approaches());
        useCase.threshold = spec.threshold();
        useCase.guardrailsJson = Json.write(spec.guardrailsOrDefault());
        useCase.state = UseCaseState.DRAFT;
        useCase.createdBy = caller.subject();
        useCase.createdAt = now;
        useCase.updatedAt = now;
        useCase.persist();
        outbox.emit(EventTypes.GOVERNANCE_USE_CASE_CHANGED, useCase.id, new UseCaseChanged(useCase.id, useCase.name,
                project, null, UseCaseState.DRAFT.word(), "registered", null));
        return useCase;
    }

    /** The use case, if the caller sees its project; 404 otherwise. */
    public UseCase get(Principal caller, String id) {
        UseCase useCase = id == null ? null : UseCase.findById(id);
        if (useCase == null || !caller.sees(useCase.project)) {
            throw new ResourceNotFoundException("use case", id);
        }
        return useCase;
    }

    public List<UseCase> list(Principal caller) {
        List<String> projects = caller.visibleProjects();
        return projects == null ? UseCase.list("order by createdAt desc")
                : UseCase.list("project in ?1 order by createdAt desc", projects);
    }

    public List<UseCaseTransition> history(String useCaseId) {
        return UseCaseTransition.list("useCaseId = ?1 order by at", useCaseId);
    }

    /** A change a caller asks for; states governance decides itself are refused (409 saying how they come). */
    @Transactional
    public UseCase transition(Principal caller, String id, String target, String reason) {
        UseCase useCase = changeable(caller, id);
        List<FieldViolation> violations = new ArrayList<>();
        UseCaseState to = UseCaseState.ofWord(target).orElse(null);
        if (to == null) {
            violations.add(new FieldViolation("state", "must be one of " + java.util.Arrays.stream(UseCaseState.values())
                    .map(UseCaseState::word).toList()));
        }
        if (reason == null || reason.isBlank()) {
            violations.add(new FieldViolation("reason", "is required: every change of a use case says why"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        if (UseCaseState.DECIDED.contains(to)) {
            throw new StateConflictException("a use case becomes " + to.word() + " only by governance's decision ("
                    + (to == UseCaseState.APPROVED_FOR_PRODUCTION ? "a quorum of approvals" : "an assessment") + ")");
        }
        move(useCase, to, caller.subject(), reason);
        return useCase;
    }

    /** Assesses the use case with the current catalogue: tier, obligations, next review; prohibited stops it. */
    @Transactional
    public UseCase assess(Principal caller, String id, Map<String, ?> answers) {
        UseCase useCase = changeable(caller, id);
        if (!UseCaseState.ASSESSABLE.contains(useCase.state)) {
            throw new StateConflictException("a use case that is " + useCase.state.word() + " cannot be assessed; "
                    + "put it under review first");
        }
        RiskAssessor.Assessment assessment = assessor.assess(answers == null ? Map.of() : answers);
        OffsetDateTime now = now();
        useCase.tier = assessment.tier().id();
        useCase.assessmentJson = Json.write(new StoredAssessment(assessment.catalogueVersion(), assessment.tier().id(),
                assessment.tier().quorum(), assessment.obligations().stream().map(RiskCatalogue.Obligation::id).toList(),
                new LinkedHashMap<>(assessment.answers()), caller.subject(), now.toString()));
        useCase.nextReviewAt = now.plus(assessment.tier().reviewInterval());
        outbox.emit(EventTypes.GOVERNANCE_ASSESSMENT_COMPLETED, useCase.id, new AssessmentCompleted(useCase.id,
                useCase.project, assessment.catalogueVersion(), useCase.tier, assessment.obligations().stream()
                .map(RiskCatalogue.Obligation::id).toList()));
        String reason = "assessed " + useCase.tier + " by risk catalogue " + assessment.catalogueVersion();
        if (assessment.tier().id().equals("prohibited")) {
            move(useCase, UseCaseState.PROHIBITED, caller.subject(), reason);
        } else if (useCase.state != UseCaseState.UNDER_REVIEW) {
            move(useCase, UseCaseState.ASSESSED, caller.subject(), reason);
        }
        return useCase;
    }

    public static StoredAssessment assessment(UseCase useCase) {
        return useCase.assessmentJson == null ? null : Json.read(useCase.assessmentJson, StoredAssessment.class);
    }

    /** Names a model as an approach of the use case (proposing a model for approval does). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addApproach(UseCase useCase, String modelId) {
        List<String> approaches = new ArrayList<>(useCase.approaches());
        if (!approaches.contains(modelId)) {
            approaches.add(modelId);
            useCase.approachesJson = Json.write(approaches);
            useCase.updatedAt = now();
        }
    }

    /** Moves a use case along its lifecycle, recorded and announced; 409 for a move its state does not allow. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void move(UseCase useCase, UseCaseState to, String actor, String reason) {
        if (!useCase.state.mayMoveTo(to)) {
            throw new StateConflictException("a use case that is " + useCase.state.word() + " cannot become "
                    + to.word() + " (it may become " + useCase.state.next().stream().map(UseCaseState::word).toList() + ")");
        }
        UseCaseTransition transition = new UseCaseTransition();
        transition.id = UUID.randomUUID().toString();
        transition.useCaseId = useCase.id;
        transition.fromState = useCase.state;
        transition.toState = to;
        transition.actor = actor;
        transition.reason = reason;
        transition.at = now();
        transition.persist();
        UseCaseState from = useCase.state;
        useCase.state = to;
        useCase.updatedAt = transition.at;
        if (from == UseCaseState.UNDER_REVIEW && UseCaseState.RELIED_ON.contains(to) && useCase.tier != null) {
            // reviewed: the next review is one of the tier's intervals from now
            catalogue().tier(useCase.tier).ifPresent(t -> useCase.nextReviewAt = transition.at.plus(t.reviewInterval()));
        }
        outbox.emit(EventTypes.GOVERNANCE_USE_CASE_CHANGED, useCase.id, new UseCaseChanged(useCase.id, useCase.name,
                useCase.project, from.word(), to.word(), reason, useCase.tier));
        LOG.infof("Use case %s (%s): %s -> %s by %s: %s", useCase.name, useCase.id, from.word(), to.word(), actor, reason);
    }

    private UseCase changeable(Principal caller, String id) {
        UseCase useCase = get(caller, id);
        if (!caller.mayChange(useCase.project)) {
            throw new io.fmp.contracts.errors.AccessDeniedException("use case " + id + " belongs to project "
                    + useCase.project + "; only its members change it");
        }
        return useCase;
    }

    /** Now in UTC, at the database's precision (microseconds), so what is stored reads back equal. */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
