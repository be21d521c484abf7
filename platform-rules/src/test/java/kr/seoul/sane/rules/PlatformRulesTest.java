package kr.seoul.sane.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import kr.seoul.sane.elsewhere.Opening;
import kr.seoul.sane.rules.cycle.a.First;
import kr.seoul.sane.rules.cycle.b.Second;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each platform rule rejects the structure it forbids, and fails rather than pass when it finds nothing to check. */
class PlatformRulesTest {

    /** A controller that reads the store itself. */
    static final class ReadingController {
        Document find(String id) {
            return new Document("_id", id);
        }
    }

    /** A controller that calls a service only. */
    static final class ListingController {
        private final Opening opening = new Opening();

        boolean open(LocalDate date) {
            return opening.isOpen(date);
        }
    }

    /** A helper that is no controller but uses a BSON type. */
    static final class BsonHolder {
        Document empty() {
            return new Document();
        }
    }

    /** A class of kr.seoul.sane.rules that uses the kr.seoul.sane.elsewhere module. */
    static final class ElsewhereUser {
        boolean open(LocalDate date) {
            return new Opening().isOpen(date);
        }
    }

    private static JavaClasses classes(Class<?>... types) {
        return new ClassFileImporter().importClasses(types);
    }

    private static void assertRejects(ArchRule rule, JavaClasses classes, String offender) {
        assertThatThrownBy(() -> rule.check(classes)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(offender);
    }

    @Test
    void theControllerRuleRejectsAControllerUsingTheStoreAndAcceptsOneThatDoesNot() {
        assertRejects(PlatformRules.controllersReachNoStore(), classes(ReadingController.class), "ReadingController");
        assertThatCode(() -> PlatformRules.controllersReachNoStore().check(classes(ListingController.class)))
                .doesNotThrowAnyException();
    }

    @Test
    void theControllerRuleFailsWhenThereIsNoController() {
        assertRejects(PlatformRules.controllersReachNoStore(), classes(BsonHolder.class, First.class),
                "failed to check any classes");
    }

    @Test
    void theNoStoreRuleRejectsAnyClassUsingTheStore() {
        assertRejects(PlatformRules.noClassReachesTheStore(), classes(BsonHolder.class, ListingController.class),
                "BsonHolder");
    }

    @Test
    void theSharedInfrastructureRuleHoldsBothRules() {
        assertRejects(PlatformRules.sharedInfrastructure(), classes(BsonHolder.class), "BsonHolder");
        assertRejects(PlatformRules.sharedInfrastructure(), classes(), "failed to check any classes");
        assertThat(PlatformRules.sharedInfrastructure().getDescription()).contains("kr.seoul.sane.gateway..",
                "org.bson..");
    }

    @Test
    void theServiceBoundaryRejectsAClassUsingAnotherModule() {
        ArchRule rule = PlatformRules.importsNoneOf("rules", List.of("rules", "elsewhere"));
        assertRejects(rule, classes(ElsewhereUser.class), "ElsewhereUser");
        assertRejects(PlatformRules.dependsOnNoneOf(List.of("elsewhere")), classes(ElsewhereUser.class),
                "ElsewhereUser");
    }

    @Test
    void theServiceBoundaryNamesEveryOtherService() {
        assertThat(PlatformRules.importsNoOtherService("catalog").getDescription())
                .contains("kr.seoul.sane.catalog..", "kr.seoul.sane.proposal..", "kr.seoul.sane.routing..",
                        "kr.seoul.sane.notification..", "kr.seoul.sane.gateway..")
                .containsOnlyOnce("kr.seoul.sane.catalog..");
        assertThat(PlatformRules.dependsOnNoService().getDescription())
                .contains("kr.seoul.sane.catalog..", "kr.seoul.sane.proposal..", "kr.seoul.sane.routing..",
                        "kr.seoul.sane.notification..", "kr.seoul.sane.gateway..");
        assertThatThrownBy(() -> PlatformRules.importsNoOtherService("rules"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theServiceBoundaryFailsWhenTheServiceHasNoClass() {
        assertRejects(PlatformRules.importsNoOtherService("catalog"), classes(ElsewhereUser.class),
                "failed to check any classes");
    }

    @Test
    void theCycleRuleRejectsTwoPackagesUsingEachOther() {
        assertRejects(PlatformRules.packagesFormNoCycle("kr.seoul.sane.rules.cycle.(*).."),
                classes(First.class, Second.class), "Cycle detected");
    }

    @Test
    void theCycleRuleFailsWhenThePatternMatchesNoPackage() {
        assertThatThrownBy(() -> PlatformRules.packagesFormNoCycle("kr.seoul.sane.nowhere.(*)..")
                .check(classes(First.class, Second.class))).isInstanceOf(AssertionError.class);
    }
}
