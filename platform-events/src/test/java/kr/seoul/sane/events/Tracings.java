package kr.seoul.sane.events;

import kr.seoul.sane.tracing.EventTracing;
import org.springframework.beans.factory.ObjectProvider;

/** An {@link EventTracing} without a tracer, or one whose current span is fixed. */
final class Tracings {

    private Tracings() {
    }

    static EventTracing untraced() {
        return new EventTracing(none(), none());
    }

    static EventTracing inSpan(String traceparent) {
        return new EventTracing(none(), none()) {
            @Override
            public String traceparent() {
                return traceparent;
            }
        };
    }

    private static <T> ObjectProvider<T> none() {
        return new ObjectProvider<>() {
            @Override
            public T getObject() {
                throw new IllegalStateException("none");
            }

            @Override
            public T getObject(Object... args) {
                throw new IllegalStateException("none");
            }

            @Override
            public T getIfAvailable() {
                return null;
            }

            @Override
            public T getIfUnique() {
                return null;
            }
        };
    }
}
