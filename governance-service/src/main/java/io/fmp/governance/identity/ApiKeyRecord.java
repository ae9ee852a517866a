package io.fmp.governance.identity;

import io.fmp.contracts.governance.v1.Role;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One API key: what it may do and its history; of its secret only the keyed hash. */
@Entity
@Table(name = "api_key")
public class ApiKeyRecord extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    /** "" for a platform-admin key. */
    public String project;

    @Enumerated(EnumType.STRING)
    public Role role;

    @Column(name = "secret_hash")
    public String secretHash;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;

    /** Its own request rate limit at the gateway; 0: the platform's default. */
    @Column(name = "requests_per_minute", nullable = false)
    public int requestsPerMinute;
}
