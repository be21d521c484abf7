package kr.seoul.sane.notification;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import kr.seoul.sane.notification.mail.MailComposer;
import kr.seoul.sane.rules.PlatformRules;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The structure rules of notification-service (docs/conventions.md): web controllers reach MongoDB only through
 * services, the packages form no cycle, and the mails' texts live in {@code mail/messages*.properties}, not in Java.
 */
class ArchitectureTest {

    private static final String BASE = "kr.seoul.sane.notification";
    private static final JavaClasses MAIN = PlatformRules.mainClasses(BASE);
    private static final Pattern HANGUL = Pattern.compile("[\\uAC00-\\uD7A3\\u3131-\\u318E]");

    static final ArchRule CONTROLLERS_DO_NOT_QUERY_MONGODB = noClasses().that().haveSimpleNameEndingWith("Controller")
            .should().dependOnClassesThat().areAssignableTo(MongoOperations.class)
            .orShould().dependOnClassesThat().resideInAPackage("org.springframework.data.mongodb..")
            .because("controllers call services, never MongoTemplate");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching(BASE + ".(*)..").should().beFreeOfCycles();

    /** What the composer renders or looks up texts with; its static {@code headerSafe} is no rendering. */
    private static final Set<String> RENDERING = Set.of("compose", "message", "dateFormat");

    /** What renders mails: the mail package and every class that has the composer render or look up texts. */
    private static final DescribedPredicate<JavaClass> RENDERS_MAILS = resideInAPackage(BASE + ".mail..")
            .or(DescribedPredicate.describe("render mails with the MailComposer", (JavaClass c) ->
                    c.getMethodCallsFromSelf().stream().anyMatch(call -> call.getTargetOwner()
                            .isEquivalentTo(MailComposer.class) && RENDERING.contains(call.getName()))));

    static final ArchRule MAIL_TEXTS_ARE_NOT_IN_JAVA = classes().that(RENDERS_MAILS)
            .should(holdNoKoreanStringConstant())
            .because("the mails' texts are in mail/messages*.properties (Korean and English)");

    @Test
    void noControllerUsesMongoTemplate() {
        CONTROLLERS_DO_NOT_QUERY_MONGODB.check(MAIN);
    }

    @Test
    void packagesFormNoCycle() {
        NO_PACKAGE_CYCLES.check(MAIN);
    }

    @Test
    void classesThatRenderMailsHoldNoKoreanText() {
        assertThat(MAIN.that(RENDERS_MAILS)).extracting(JavaClass::getSimpleName)
                .contains("MailComposer", "MailRequests", "DepartmentReminders", "FallbackCopies", "DepartmentActions");
        MAIL_TEXTS_ARE_NOT_IN_JAVA.check(MAIN);
    }

    /** A controller that counts deliveries itself: what the controller rule must reject. */
    record CountingController(MongoTemplate mongo) {
        long failed() {
            return mongo.count(Query.query(Criteria.where("status").is("FAILED")), "deliveries");
        }
    }

    @Test
    void theControllerRuleRejectsAControllerWithMongoTemplate() {
        assertThatThrownBy(() -> CONTROLLERS_DO_NOT_QUERY_MONGODB.check(
                new ClassFileImporter().importClasses(CountingController.class)))
                .hasMessageContaining("CountingController");
    }

    /** A mail model with a Korean text in Java: what the text rule must reject. */
    static final class HardCodedLabel {
        private final MailComposer composer = new MailComposer();

        String label() {
            return composer.message("brand", MailComposer.KOREAN) + " 자동 배정";
        }
    }

    @Test
    void theTextRuleRejectsKoreanTextInAClassThatRendersMails() {
        JavaClasses offender = new ClassFileImporter().importClasses(HardCodedLabel.class, MailComposer.class);
        assertThatThrownBy(() -> MAIL_TEXTS_ARE_NOT_IN_JAVA.check(offender))
                .hasMessageContaining("HardCodedLabel").hasMessageContaining("자동 배정");
    }

    /**
     * The class file's string constants (its constant pool, which holds every literal and no comment) contain no
     * Hangul.
     */
    private static ArchCondition<JavaClass> holdNoKoreanStringConstant() {
        return new ArchCondition<>("hold no Korean string constant") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (String constant : stringConstants(javaClass)) {
                    if (HANGUL.matcher(constant).find()) {
                        events.add(SimpleConditionEvent.violated(javaClass,
                                javaClass.getName() + " holds the text \"" + constant + "\""));
                    }
                }
            }
        };
    }

    /** The UTF-8 entries of a class file's constant pool (JVMS §4.4). */
    static List<String> stringConstants(JavaClass javaClass) {
        String resource = "/" + javaClass.getName().replace('.', '/') + ".class";
        try (InputStream in = ArchitectureTest.class.getResourceAsStream(resource)) {
            DataInputStream data = new DataInputStream(in);
            data.skipNBytes(8);
            int count = data.readUnsignedShort();
            List<String> constants = new ArrayList<>();
            for (int index = 1; index < count; index++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> constants.add(data.readUTF());
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipNBytes(4);
                    case 5, 6 -> {
                        data.skipNBytes(8);
                        index++;
                    }
                    case 7, 8, 16, 19, 20 -> data.skipNBytes(2);
                    case 15 -> data.skipNBytes(3);
                    default -> throw new IllegalStateException("constant pool tag " + tag + " in " + resource);
                }
            }
            return constants;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
