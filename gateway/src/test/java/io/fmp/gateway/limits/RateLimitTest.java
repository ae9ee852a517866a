package io.fmp.gateway.limits;

import io.fmp.contracts.errors.Problem;
import io.fmp.platform.testing.PostgresDatabase;
import io.fmp.platform.testing.TestIdentityProviderResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway refuses a caller past its rate limit with 429, {@code Retry-After} and the limit named,
 * counting in buckets that live in PostgreSQL (the store every replica shares).
 */
@QuarkusTest
@TestProfile(RateLimitTest.FiveAMinute.class)
class RateLimitTest {

    public static class FiveAMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fmp.gateway.rate-limits.requests-per-minute", "5",
                    "fmp.gateway.rate-limits.store", "postgresql",
                    "fmp.gateway.rate-limits.sync-every", "1",
                    "quarkus.datasource.jdbc.url", PostgresDatabase.recreate("fmp_gateway_rate_test"),
                    "quarkus.datasource.username", PostgresDatabase.user(),
                    "quarkus.datasource.password", PostgresDatabase.password());
        }
    }

    @Test
    void theSixthRequestInAMinuteIsRefused() {
        String token = TestIdentityProviderResource.provider().token("rita", "team:viewer");
        for (int i = 0; i < 5; i++) {
            int status = given().auth().oauth2(token).get("/api/v1/models/{id}", "0b5e3a9c-5d4f-4e55-9a43-2f7d2b2e2c11")
                    .statusCode();
            assertTrue(status != 429, "request " + (i + 1) + " of 5 is within the limit, got " + status);
        }
        Response refused = given().auth().oauth2(token).get("/api/v1/models/{id}", "0b5e3a9c-5d4f-4e55-9a43-2f7d2b2e2c11");
        assertEquals(429, refused.statusCode());
        assertEquals(Problem.MEDIA_TYPE, refused.contentType());
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
        assertEquals("5", refused.header("RateLimit-Limit"));
        assertEquals("0", refused.header("RateLimit-Remaining"));
        String detail = refused.jsonPath().getString("detail");
        assertTrue(detail.contains("5 requests per minute") && detail.contains("rita"), detail);

        String other = TestIdentityProviderResource.provider().token("olga", "team:viewer");
        assertTrue(given().auth().oauth2(other).get("/api/v1/models/{id}", "0b5e3a9c-5d4f-4e55-9a43-2f7d2b2e2c11")
                .statusCode() != 429, "another caller has a bucket of its own");
        given().get("/q/health/live").then().statusCode(200);
    }
}
