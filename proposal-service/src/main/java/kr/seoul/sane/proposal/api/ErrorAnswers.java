package kr.seoul.sane.proposal.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error statuses an API operation answers with, for the OpenAPI document: each becomes a reference to the shared
 * error answer of that status (Korean description, the error body {@code {"errors":[{field, message}]}}), see
 * {@link OpenApiConfig}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ErrorAnswers {

    /** HTTP statuses: 400, 401, 403, 404, 409, 410, 413, 415, 429 (503 is added to every operation). */
    int[] value();
}
