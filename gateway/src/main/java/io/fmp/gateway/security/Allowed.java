package io.fmp.gateway.security;

import io.fmp.gateway.validation.ApiEnums.Role;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role an operation needs in the caller's project (see {@link Caller#may}). Every {@code /api/v1}
 * operation carries one, on the method or its class; one without is refused to everybody (403), and
 * the access-matrix test fails the build.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Allowed {
    Role value();
}
