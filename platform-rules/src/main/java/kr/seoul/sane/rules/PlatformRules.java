package kr.seoul.sane.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The structure rules docs/conventions.md promises for every module, as ArchUnit rules to check on a module's main
 * classes ({@link #mainClasses(String)}). Each rule fails when it finds no class to check, so a misspelled package
 * cannot make it pass. A module of its own, which needs none of the platform's modules, so that every module (the
 * shared ones too) can check itself with it.
 */
public final class PlatformRules {

    /** The services, each under {@code kr.seoul.sane.<name>}. */
    public static final List<String> SERVICES = List.of("proposal", "routing", "notification", "catalog", "gateway");

    private static final String PLATFORM = "kr.seoul.sane.";
    private static final String[] STORE = {"org.springframework.data.mongodb..", "com.mongodb..", "org.bson.."};

    private PlatformRules() {
    }

    /**
     * The main classes (no tests, no jars) under the base packages, as the rules check them. Name a module's own
     * packages: a module of the same build that is on the class path as a folder of classes (not yet as a jar) would
     * be imported under a wider name too.
     */
    public static JavaClasses mainClasses(String... basePackages) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(basePackages);
    }

    /** Web controllers call services; queries and updates live in services and repositories. */
    public static ArchRule controllersReachNoStore() {
        return noClasses().that().haveSimpleNameEndingWith("Controller")
                .should().dependOnClassesThat().resideInAnyPackage(STORE)
                .because("controllers call services, never MongoTemplate or the driver")
                .allowEmptyShould(false);
    }

    /** For a module without a database of its own (gateway, shared modules). */
    public static ArchRule noClassReachesTheStore() {
        return noClasses().should().dependOnClassesThat().resideInAnyPackage(STORE)
                .because("this module has no database").allowEmptyShould(false);
    }

    /** A service talks to the others only through Kafka and HTTP, never through their classes. */
    public static ArchRule importsNoOtherService(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("not a service: " + service + " (one of " + SERVICES + ")");
        }
        return importsNoneOf(service, SERVICES);
    }

    /** For shared infrastructure (ops-security, event-tracing): no service's code, no domain. */
    public static ArchRule dependsOnNoService() {
        return dependsOnNoneOf(SERVICES);
    }

    /** Both rules of shared infrastructure: {@link #dependsOnNoService()} and {@link #noClassReachesTheStore()}. */
    public static ArchRule sharedInfrastructure() {
        return CompositeArchRule.of(dependsOnNoService()).and(noClassReachesTheStore());
    }

    /** The packages matched by {@code slicePattern} (e.g. {@code kr.seoul.sane.catalog.(*)..}) form no cycle. */
    public static ArchRule packagesFormNoCycle(String slicePattern) {
        return slices().matching(slicePattern).should().beFreeOfCycles().allowEmptyShould(false);
    }

    /** Classes of {@code kr.seoul.sane.<own>} use none of the other {@code kr.seoul.sane.<module>} packages. */
    static ArchRule importsNoneOf(String own, List<String> modules) {
        List<String> others = modules.stream().filter(m -> !m.equals(own)).toList();
        return noClasses().that().resideInAPackage(PLATFORM + own + "..")
                .should().dependOnClassesThat().resideInAnyPackage(packages(others))
                .because("services share contracts, not code").allowEmptyShould(false);
    }

    /** No class uses any of the {@code kr.seoul.sane.<module>} packages. */
    static ArchRule dependsOnNoneOf(List<String> modules) {
        return noClasses().should().dependOnClassesThat().resideInAnyPackage(packages(modules))
                .because("shared infrastructure holds no service's code").allowEmptyShould(false);
    }

    private static String[] packages(List<String> modules) {
        return modules.stream().map(m -> PLATFORM + m + "..").toArray(String[]::new);
    }
}
