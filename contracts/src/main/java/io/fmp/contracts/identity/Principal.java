package io.fmp.contracts.identity;

import java.util.List;
import java.util.Objects;

/**
 * Who a gRPC call is made for, as every service sees it: a person or key the gateway authenticated
 * (with the project it acts in and its roles there), or a service acting on its own account.
 *
 * @param subject       {@code key:<id>}, an identity provider's subject, or {@code service:<name>}
 * @param project       the project the call acts in; "" when none
 * @param roles         the caller's roles in that project (viewer, contributor, approver, project-admin)
 * @param platformAdmin whether the caller administers the whole platform
 */
public record Principal(String subject, String project, List<String> roles, boolean platformAdmin) {

    public Principal {
        Objects.requireNonNull(subject, "subject");
        project = project == null ? "" : project;
        roles = List.copyOf(roles);
    }

    /** A service on its own account (consumers, workers, calls made for nobody in particular). */
    public static Principal service(String name) {
        return new Principal("service:" + name, "", List.of(), false);
    }

    public boolean isService() {
        return subject.startsWith("service:");
    }
}
