package io.fmp.governance.identity;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.events.ApiKeyChanged;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.governance.v1.Role;
import io.fmp.governance.GovernanceConfig;
import io.fmp.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * API keys: issued to a project and a role (or platform-wide to an administrator), verified on every
 * request the gateway cannot answer from its short cache, revoked for good. Issue and revocation are
 * announced ({@code governance.api-key-created} / {@code -revoked}) and so audited.
 */
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    /** A project name: a DNS label, as Kubernetes namespaces are. */
    public static final Pattern PROJECT = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** Why a presented key may not be used; deliberately one message for every reason. */
    public static final class NotAuthenticatedException extends RuntimeException {
        public NotAuthenticatedException() {
            super("the API key is not valid (unknown, expired or revoked)");
        }
    }

    @Inject
    GovernanceConfig config;

    @Inject
    Outbox outbox;

    private ApiKeySecrets secrets;

    void start(@Observes StartupEvent event) {
        secrets = new ApiKeySecrets(config.identity().keyHashSecret());
        config.identity().bootstrapAdminKey().ifPresent(key -> QuarkusTransaction.requiringNew().run(() -> bootstrap(key)));
    }

    /** A new key and, once, its secret. */
    @Transactional
    /** @param requestsPerMinute its own rate limit at the gateway; 0 for the platform's default */
    public Issued create(String name, String project, Role role, OffsetDateTime expiresAt, int requestsPerMinute,
                         String actor) {
        List<FieldViolation> violations = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 100) {
            violations.add(new FieldViolation("name", "is required, at most 100 characters"));
        }
        if (role == null || role == Role.ROLE_UNSPECIFIED || role == Role.UNRECOGNIZED) {
            violations.add(new FieldViolation("role", "is required: viewer, contributor, approver, project-admin or"
                    + " platform-admin"));
        } else if (role == Role.PLATFORM_ADMIN && project != null && !project.isEmpty()) {
            violations.add(new FieldViolation("project", "a platform-admin key holds everywhere and names no project"));
        } else if (role != Role.PLATFORM_ADMIN && (project == null || !PROJECT.matcher(project).matches())) {
            violations.add(new FieldViolation("project", "is required for a project role: lower-case letters, digits"
                    + " and '-', at most 63"));
        }
        OffsetDateTime now = now();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            violations.add(new FieldViolation("expiresAt", "must be in the future"));
        }
        if (requestsPerMinute < 0 || requestsPerMinute > 1_000_000) {
            violations.add(new FieldViolation("requestsPerMinute", "must be between 1 and 1000000 (absent: the"
                    + " platform's default)"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        String key = ApiKeySecrets.generate();
        ApiKeyRecord record = store(ApiKeySecrets.parse(key).orElseThrow(), name, project == null ? "" : project, role,
                expiresAt, actor, now);
        record.requestsPerMinute = requestsPerMinute;
        return new Issued(record, key);
    }

    /** @param secret the whole key, shown to the caller once */
    public record Issued(ApiKeyRecord key, String secret) {
    }

    /** Newest first; a project's, or all when the project is empty. */
    @Transactional
    public List<ApiKeyRecord> list(String project) {
        return project == null || project.isEmpty()
                ? ApiKeyRecord.<ApiKeyRecord>find("order by createdAt desc").list()
                : ApiKeyRecord.<ApiKeyRecord>find("project = ?1 order by createdAt desc", project).list();
    }

    @Transactional
    public ApiKeyRecord get(String id) {
        ApiKeyRecord record = ApiKeyRecord.findById(id);
        if (record == null) {
            throw new ResourceNotFoundException("API key", id);
        }
        return record;
    }

    /** Revokes for good; a second revocation keeps the first. */
    @Transactional
    public ApiKeyRecord revoke(String id, String actor) {
        ApiKeyRecord record = get(id);
        if (record.revokedAt == null) {
            record.revokedAt = now();
            announce(EventTypes.GOVERNANCE_API_KEY_REVOKED, record, actor);
            LOG.infof("API key %s (%s) revoked by %s", record.id, record.name, actor);
        }
        return record;
    }

    /** The key a presented secret belongs to, if it may be used now. */
    @Transactional
    public ApiKeyRecord verify(String presented) {
        ApiKeySecrets.Parsed parsed = ApiKeySecrets.parse(presented).orElseThrow(NotAuthenticatedException::new);
        ApiKeyRecord record = ApiKeyRecord.findById(parsed.id());
        OffsetDateTime now = now();
        if (record == null || !secrets.matches(parsed.secret(), record.secretHash) || record.revokedAt != null
                || record.expiresAt != null && !record.expiresAt.isAfter(now)) {
            throw new NotAuthenticatedException();
        }
        if (record.lastUsedAt == null || record.lastUsedAt.isBefore(now.minus(config.identity().lastUsedEvery()))) {
            record.lastUsedAt = now;
        }
        return record;
    }

    /** The launcher's administrator key, registered once. */
    void bootstrap(String key) {
        ApiKeySecrets.Parsed parsed = ApiKeySecrets.parse(key).orElseThrow(() -> new IllegalArgumentException(
                "fmp.governance.identity.bootstrap-admin-key is not an API key (fmp_<12 characters>_<43 characters>)"));
        if (ApiKeyRecord.findById(parsed.id()) == null) {
            store(parsed, "administrator (bootstrap)", "", Role.PLATFORM_ADMIN, null, "bootstrap", now());
            LOG.infof("Registered the bootstrap administrator key %s", parsed.id());
        }
    }

    private ApiKeyRecord store(ApiKeySecrets.Parsed key, String name, String project, Role role,
                               OffsetDateTime expiresAt, String actor, OffsetDateTime now) {
        ApiKeyRecord record = new ApiKeyRecord();
        record.id = key.id();
        record.name = name;
        record.project = project;
        record.role = role;
        record.secretHash = secrets.hash(key.secret());
        record.createdAt = now;
        record.createdBy = actor == null || actor.isBlank() ? "unknown" : actor;
        record.expiresAt = expiresAt;
        record.persist();
        announce(EventTypes.GOVERNANCE_API_KEY_CREATED, record, record.createdBy);
        return record;
    }

    private void announce(String type, ApiKeyRecord record, String actor) {
        outbox.emit(type, record.id, new ApiKeyChanged(record.id, record.name, record.project, word(record.role),
                actor, record.expiresAt == null ? null : record.expiresAt.toInstant()));
    }

    /** viewer, contributor, approver, project-admin, platform-admin. */
    public static String word(Role role) {
        return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
