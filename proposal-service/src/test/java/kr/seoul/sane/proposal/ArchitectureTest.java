package kr.seoul.sane.proposal;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The structure docs/conventions.md promises for this service, checked on its main classes. */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("kr.seoul.sane.proposal");
    }

    @Test
    void controllersCallServicesNeverTheStore() {
        noClasses().that().haveSimpleNameEndingWith("Controller")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.data.mongodb..",
                        "com.mongodb..", "org.bson..")
                .because("controllers call services; queries and updates live in services and repositories")
                .allowEmptyShould(false)
                .check(main);
    }

    @Test
    void theLifecycleIsFreeOfSpringAndMongo() {
        noClasses().that().resideInAPackage("kr.seoul.sane.proposal.lifecycle..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                        "org.bson..")
                .allowEmptyShould(false)
                .check(main);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("kr.seoul.sane.proposal.(*)..").should().beFreeOfCycles().check(main);
    }
}
