package io.fmp.contracts.identity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Roles and tenancy as every service decides them: who may do what, and which projects one sees. */
class PrincipalTest {

    private static Principal in(String project, String... roles) {
        return new Principal("key:" + project, project, List.of(roles), false);
    }

    @Test
    void rolesBuildOnEachOtherExceptTheApprover() {
        Principal viewer = in("team", Principal.VIEWER);
        Principal projectAdmin = in("team", Principal.PROJECT_ADMIN);
        Principal approver = in("team", Principal.APPROVER);
        assertTrue(viewer.may(Principal.VIEWER));
        assertFalse(viewer.may(Principal.CONTRIBUTOR));
        assertTrue(projectAdmin.may(Principal.CONTRIBUTOR), "project administrators contribute");
        assertFalse(projectAdmin.may(Principal.APPROVER), "whoever builds does not approve");
        assertTrue(approver.may(Principal.VIEWER));
        assertFalse(approver.may(Principal.CONTRIBUTOR));
        assertFalse(in("team").may(Principal.VIEWER), "no role in the project: nothing");
        assertTrue(new Principal("alice", "", List.of(), true).may(Principal.PROJECT_ADMIN));
        assertTrue(Principal.service("tuning-service").may(Principal.CONTRIBUTOR));
    }

    @Test
    void aMemberSeesItsProjectAndTheSharedOneAndChangesOnlyItsOwn() {
        Principal member = in("team", Principal.CONTRIBUTOR);
        assertTrue(member.sees("team") && member.sees(Principal.SHARED));
        assertFalse(member.sees("other"));
        assertEquals(List.of("team", Principal.SHARED), member.visibleProjects());
        assertEquals(List.of("team", Principal.SHARED), member.nameLookupProjects(), "its own name shadows a shared one");
        assertEquals("team's", member.lookUpByName(project -> project.equals("team") ? "team's" : "shared"));
        assertEquals("shared", member.lookUpByName(project -> project.equals(Principal.SHARED) ? "shared" : null));
        assertNull(member.lookUpByName(project -> null));
        assertEquals("team", member.owningProject());
        assertTrue(member.mayChange("team"));
        assertFalse(member.mayChange(Principal.SHARED), "the shared catalog is the administrators'");
    }

    @Test
    void administratorsAndServicesSeeEveryProjectAndCreateInTheSharedOneUnlessTheyNameAnother() {
        Principal admin = new Principal("alice", "", List.of(), true);
        assertNull(admin.visibleProjects());
        assertTrue(admin.sees("other") && admin.mayChange("other"));
        assertEquals(Principal.SHARED, admin.owningProject());
        assertEquals(List.of(Principal.SHARED), admin.nameLookupProjects());
        Principal worker = Principal.service("tuning-service").inProject("team");
        assertEquals("team", worker.owningProject(), "a worker runs a job in the job's project");
        assertEquals(List.of("team", Principal.SHARED), worker.nameLookupProjects());
        assertTrue(worker.sees("other"));
    }
}
