package io.fmp.gateway.identity;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.gateway.validation.JsonBinder;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApiKeyRequestTest {

    @Test
    void aKeyRequestBindsItsRoleAndExpiryAndNamesEveryBadField() {
        ApiKeyResource.ApiKeyRequest request = JsonBinder.bind("""
                {"name": "nightly", "project": "support", "role": "contributor", "expiresAt": "2027-01-31T18:00:00+01:00"}""",
                ApiKeyResource.ApiKeyRequest.class);
        assertEquals(Role.CONTRIBUTOR, request.role());
        assertEquals(OffsetDateTime.parse("2027-01-31T17:00:00Z").toInstant(), request.expiresAt().toInstant());

        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> JsonBinder.bind("""
                {"project": 7, "role": "owner", "expiresAt": "next tuesday"}""", ApiKeyResource.ApiKeyRequest.class));
        assertEquals(List.of("name", "project", "role", "expiresAt"),
                bad.violations().stream().map(FieldViolation::field).toList());
    }
}
