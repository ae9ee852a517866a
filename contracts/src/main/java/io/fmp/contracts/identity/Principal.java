package io.fmp.contracts.identity;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Who a gRPC call is made for, as every service sees it: a person or key the gateway authenticated
 * (with the project it acts in and its roles there), or a service acting on its own account.
 *
 * <p>Projects are the unit of tenancy: datasets, suites, runs, tuning jobs and private models belong
 * to one. {@link #SHARED} holds what everybody may read (the seed catalog, what administrators publish
 * for all). A caller sees its own project and the shared one; platform administrators and services
 * see every project.
 *
 * @param subject       {@code key:<id>}, an identity provider's subject, or {@code service:<name>}
 * @param project       the project the call acts in; "" when none
 * @param roles         the caller's roles in that project (viewer, contributor, approver, project-admin)
 * @param platformAdmin whether the caller administers the whole platform
 */
public record Principal(String subject, String project, List<String> roles, boolean platformAdmin) {

    /** The project everybody may read. */
    public static final String SHARED = "shared";

    public static final String VIEWER = "viewer";
    public static final String CONTRIBUTOR = "contributor";
    public static final String APPROVER = "approver";
    public static final String PROJECT_ADMIN = "project-admin";

    public Principal {
        Objects.requireNonNull(subject, "subject");
        project = project == null ? "" : project;
        roles = List.copyOf(roles);
    }

    /** A service on its own account (consumers, workers, calls made for nobody in particular). */
    public static Principal service(String name) {
        return new Principal("service:" + name, "", List.of(), false);
    }

    /** This service working in one project (a worker running a job that project owns). */
    public Principal inProject(String project) {
        return new Principal(subject, project, roles, platformAdmin);
    }

    public boolean isService() {
        return subject.startsWith("service:");
    }

    /**
     * Whether the caller holds what {@code role} asks in the project it acts in. Contributors may read
     * and project administrators contribute; approvers read and decide, nothing else (whoever builds does
     * not approve); platform administrators and the platform's services may do everything.
     */
    public boolean may(String role) {
        if (platformAdmin || isService()) {
            return true;
        }
        return switch (role) {
            case VIEWER -> !roles.isEmpty();
            case CONTRIBUTOR -> roles.contains(CONTRIBUTOR) || roles.contains(PROJECT_ADMIN);
            case APPROVER -> roles.contains(APPROVER);
            case PROJECT_ADMIN -> roles.contains(PROJECT_ADMIN);
            default -> false;
        };
    }

    /** The project what this caller creates belongs to: its own, or the shared one when it names none. */
    public String owningProject() {
        return project.isEmpty() ? SHARED : project;
    }

    /** Whether a resource of {@code resourceProject} exists for this caller (otherwise: not found). */
    public boolean sees(String resourceProject) {
        return seesEveryProject() || SHARED.equals(resourceProject) || project.equals(resourceProject);
    }

    /**
     * Whether the caller may change (cancel, update) a resource of {@code resourceProject} it sees: its own
     * project's; the shared project's only as an administrator or a service.
     */
    public boolean mayChange(String resourceProject) {
        return seesEveryProject() || !project.isEmpty() && project.equals(resourceProject);
    }

    public boolean seesEveryProject() {
        return platformAdmin || isService();
    }

    /**
     * The projects whose resources this caller may read, for a query's {@code project IN (...)}; null
     * when it may read them all.
     */
    public List<String> visibleProjects() {
        return seesEveryProject() ? null : project.isEmpty() ? List.of(SHARED) : List.of(project, SHARED);
    }

    /** The projects a name is looked up in, the caller's own first (its name shadows a shared one). */
    public List<String> nameLookupProjects() {
        return project.isEmpty() || project.equals(SHARED) ? List.of(SHARED) : List.of(project, SHARED);
    }

    /** What {@code findIn} finds for a name in the first of {@link #nameLookupProjects} that has it; null if none. */
    public <T> T lookUpByName(Function<String, T> findIn) {
        for (String candidate : nameLookupProjects()) {
            T found = findIn.apply(candidate);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
