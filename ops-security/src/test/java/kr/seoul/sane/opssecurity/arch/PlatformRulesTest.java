package kr.seoul.sane.opssecurity.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import kr.seoul.sane.calendar.KoreanBusinessDays;
import kr.seoul.sane.opssecurity.arch.cycle.a.First;
import kr.seoul.sane.opssecurity.arch.cycle.b.Second;
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
        private final KoreanBusinessDays days = KoreanBusinessDays.bundled();

        boolean open(LocalDate date) {
            return days.isBusinessDay(date);
        }
    }

    /** A helper that is no controller but uses a BSON type. */
    static final class BsonHolder {
        Document empty() {
            return new Document();
        }
    }

    /** A class of kr.seoul.sane.opssecurity that uses the kr.seoul.sane.calendar module. */
    static final class CalendarUser {
        boolean open(LocalDate date) {
            return KoreanBusinessDays.bundled().isBusinessDay(date);
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
        ArchRule rule = PlatformRules.importsNoneOf("opssecurity", List.of("opssecurity", "calendar"));
        assertRejects(rule, classes(CalendarUser.class), "CalendarUser");
        assertRejects(PlatformRules.dependsOnNoneOf(List.of("calendar")), classes(CalendarUser.class),
                "CalendarUser");
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
        assertThatThrownBy(() -> PlatformRules.importsNoOtherService("opssecurity"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theServiceBoundaryFailsWhenTheServiceHasNoClass() {
        assertRejects(PlatformRules.importsNoOtherService("catalog"), classes(CalendarUser.class),
                "failed to check any classes");
    }

    @Test
    void theCycleRuleRejectsTwoPackagesUsingEachOther() {
        assertRejects(PlatformRules.packagesFormNoCycle("kr.seoul.sane.opssecurity.arch.cycle.(*).."),
                classes(First.class, Second.class), "Cycle detected");
    }

    @Test
    void theCycleRuleFailsWhenThePatternMatchesNoPackage() {
        assertThatThrownBy(() -> PlatformRules.packagesFormNoCycle("kr.seoul.sane.nowhere.(*)..")
                .check(classes(First.class, Second.class))).isInstanceOf(AssertionError.class);
    }
}
