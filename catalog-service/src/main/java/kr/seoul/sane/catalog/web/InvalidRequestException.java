package kr.seoul.sane.catalog.web;

import java.util.List;

/** Bad query parameters; answered with 400 and the Korean messages. */
class InvalidRequestException extends RuntimeException {

    private final List<FieldMessage> errors;

    InvalidRequestException(List<FieldMessage> errors) {
        super("invalid request: " + errors);
        this.errors = List.copyOf(errors);
    }

    List<FieldMessage> errors() {
        return errors;
    }
}
