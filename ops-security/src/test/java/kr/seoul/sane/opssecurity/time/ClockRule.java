package kr.seoul.sane.opssecurity.time;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;

import kr.seoul.sane.rules.PlatformRules;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Main code reads the date and time only from the injected {@link java.time.Clock}: no {@code Instant.now()},
 * {@code LocalDate.now()} (with or without a zone), {@code System.currentTimeMillis()}, {@code new Date()} or
 * {@code Clock.systemUTC()} outside the one class that declares the Clock bean. {@code now(clock)} is fine;
 * {@code System.nanoTime()} (elapsed time only) too.
 */
public final class ClockRule {

    private static final Set<String> DATE_TIME_TYPES = Set.of("java.time.Instant", "java.time.LocalDate",
            "java.time.LocalDateTime", "java.time.LocalTime", "java.time.ZonedDateTime", "java.time.OffsetDateTime",
            "java.time.OffsetTime", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay");
    private static final Set<String> SYSTEM_CLOCKS = Set.of("systemUTC", "systemDefaultZone", "system",
            "tickMillis", "tickSeconds", "tickMinutes");

    /** A call that reads the real clock instead of the injected one. */
    static final DescribedPredicate<JavaCall<?>> READS_THE_REAL_CLOCK =
            DescribedPredicate.describe("reads the real clock (ask the injected java.time.Clock)", call -> {
                String owner = call.getTargetOwner().getName();
                String name = call.getName();
                List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
                boolean withoutClock = parameters.stream().noneMatch(p -> p.isAssignableTo(java.time.Clock.class));
                return DATE_TIME_TYPES.contains(owner) && name.equals("now") && withoutClock
                        || owner.equals("java.lang.System") && name.equals("currentTimeMillis")
                        || owner.equals("java.time.Clock") && SYSTEM_CLOCKS.contains(name)
                        || owner.equals("java.util.Date") && name.equals("<init>") && parameters.isEmpty();
            });

    private ClockRule() {
    }

    /**
     * The rule for classes other than {@code allowed} (fully qualified names; their nested classes and lambdas
     * included): the Clock bean's configuration and any read kept on purpose.
     */
    public static ArchRule readsTimeOnlyFromTheInjectedClock(String... allowed) {
        DescribedPredicate<JavaClass> exempt = DescribedPredicate.describe("allowed " + List.of(allowed), c -> {
            for (String name : allowed) {
                if (c.getName().equals(name) || c.getName().startsWith(name + "$")) {
                    return true;
                }
            }
            return false;
        });
        return noClasses().that(DescribedPredicate.not(exempt)).should().callCodeUnitWhere(READS_THE_REAL_CLOCK)
                .allowEmptyShould(false);
    }

    /** Fails, naming each place, when main code of {@code basePackage} reads the real clock. */
    public static void check(String basePackage, String... allowed) {
        readsTimeOnlyFromTheInjectedClock(allowed).check(PlatformRules.mainClasses(basePackage));
    }
}
