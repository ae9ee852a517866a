package io.fmp.governance.policies;

import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.PolicyChanged;
import io.fmp.contracts.identity.Principal;
import io.fmp.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies gates apply: the built-in ones of every tier, then the active policies of the use case's
 * project and of the shared project (a platform administrator's policies there apply everywhere). Parsed
 * documents are kept by SHA-256, so a decision compiles nothing it has compiled before.
 */
@ApplicationScoped
public class Policies {

    private final List<PolicyEvaluation.Versioned> builtIn = BuiltInPolicies.load();
    private final Map<String, PolicyDocument> parsed = new ConcurrentHashMap<>();

    @Inject
    Outbox outbox;

    /** Stores a new version of a policy of the caller's project (refused with every error when it does not compile). */
    @Transactional
    public PolicyVersion put(Principal caller, String text) {
        PolicyDocument document = PolicyDocument.parse(text);
        String sha256 = PolicyDocument.sha256(text);
        String project = caller.owningProject();
        PolicyVersion existing = PolicyVersion.findById(new PolicyVersion.Key(project, document.metadata().name(), sha256));
        if (existing != null && existing.active) {
            return existing;
        }
        PolicyVersion.update("active = false where project = ?1 and name = ?2", project, document.metadata().name());
        PolicyVersion version = existing == null ? new PolicyVersion() : existing;
        version.project = project;
        version.name = document.metadata().name();
        version.sha256 = sha256;
        version.document = text;
        version.active = true;
        version.createdBy = caller.subject();
        version.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        version.persist();
        parsed.put(sha256, document);
        outbox.emit(EventTypes.GOVERNANCE_POLICY_CHANGED, project + "/" + version.name, new PolicyChanged(project,
                version.name, sha256));
        return version;
    }

    /** The active policies the caller sees, built-in ones first (with project "builtin"). */
    public List<PolicyVersion> list(Principal caller) {
        List<String> projects = caller.visibleProjects();
        return projects == null ? PolicyVersion.list("active = true order by project, name")
                : PolicyVersion.list("active = true and project in ?1 order by project, name", projects);
    }

    public List<PolicyEvaluation.Versioned> builtIn() {
        return builtIn;
    }

    /** What a decision about a use case of {@code project} applies. */
    public List<PolicyEvaluation.Versioned> applicable(String project) {
        List<PolicyEvaluation.Versioned> policies = new ArrayList<>(builtIn);
        for (PolicyVersion version : PolicyVersion.<PolicyVersion>list("active = true and project in ?1 order by name",
                List.of(project, Principal.SHARED))) {
            policies.add(new PolicyEvaluation.Versioned(parsed.computeIfAbsent(version.sha256,
                    sha -> PolicyDocument.parse(version.document)), version.sha256));
        }
        return policies;
    }
}
