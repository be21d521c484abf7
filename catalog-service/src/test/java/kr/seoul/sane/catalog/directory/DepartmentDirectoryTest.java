package kr.seoul.sane.catalog.directory;

import kr.seoul.sane.contracts.EventContracts;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.UnreadableEventException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The copy's rules: the highest version of a code wins whatever the order of arrival, a code the directory never
 * named keeps the name its events carry, and a retired department is marked with its successor's current name.
 */
class DepartmentDirectoryTest {

    private static final Map<String, String> CARRIED = Map.of("CULTURE_POLICY", "문화정책과",
            "CULTURE_ARTS", "문화예술과");

    @Test
    void anOlderVersionDoesNotOverrideANewerOne() {
        DepartmentDirectory directory = new DepartmentDirectory();
        assertThat(directory.apply(new DepartmentDirectory.Version("DIGITAL_POLICY", "디지털혁신과", 2, false, null)))
                .isTrue();
        assertThat(directory.apply(new DepartmentDirectory.Version("DIGITAL_POLICY", "디지털정책과", 1, false, null)))
                .as("the first version, delivered late").isFalse();
        assertThat(directory.apply(new DepartmentDirectory.Version("DIGITAL_POLICY", "다른이름과", 2, false, null)))
                .as("the same version again").isFalse();
        assertThat(directory.name("DIGITAL_POLICY", CARRIED::get)).isEqualTo(
                DepartmentName.active("DIGITAL_POLICY", "디지털혁신과"));
        assertThat(directory.currentName("DIGITAL_POLICY", "디지털정책과")).isEqualTo("디지털혁신과");

        assertThat(directory.apply(new DepartmentDirectory.Version("DIGITAL_POLICY", "디지털전환과", 3, false, null)))
                .isTrue();
        assertThat(directory.name("DIGITAL_POLICY", CARRIED::get).name()).isEqualTo("디지털전환과");
        assertThat(directory.versions().get("DIGITAL_POLICY").version()).isEqualTo(3);
    }

    @Test
    void aCodeTheDirectoryNeverNamedKeepsTheNameItsEventsCarry() {
        DepartmentDirectory directory = new DepartmentDirectory();
        assertThat(directory.name("CULTURE_POLICY", CARRIED::get))
                .isEqualTo(DepartmentName.active("CULTURE_POLICY", "문화정책과"));
        assertThat(directory.name("UNNAMED", CARRIED::get)).isEqualTo(DepartmentName.active("UNNAMED", "UNNAMED"));
        assertThat(directory.currentName("CULTURE_POLICY", "문화정책과")).isEqualTo("문화정책과");
        assertThat(directory.currentName(null, null)).isNull();
    }

    @Test
    void aRetiredDepartmentIsMarkedWithItsSuccessorsCurrentName() {
        DepartmentDirectory directory = new DepartmentDirectory();
        directory.apply(new DepartmentDirectory.Version("CULTURE_POLICY", "문화정책과", 4, true, "CULTURE_ARTS"));
        assertThat(directory.name("CULTURE_POLICY", CARRIED::get)).as("the successor named as its events name it")
                .isEqualTo(new DepartmentName("CULTURE_POLICY", "문화정책과", true, "CULTURE_ARTS", "문화예술과"));

        directory.apply(new DepartmentDirectory.Version("CULTURE_ARTS", "문화관광과", 2, false, null));
        assertThat(directory.name("CULTURE_POLICY", CARRIED::get)).as("the successor renamed since")
                .isEqualTo(new DepartmentName("CULTURE_POLICY", "문화정책과", true, "CULTURE_ARTS", "문화관광과"));

        directory.apply(new DepartmentDirectory.Version("OLD_TEAM", "옛팀", 2, true, null));
        assertThat(directory.name("OLD_TEAM", CARRIED::get))
                .isEqualTo(new DepartmentName("OLD_TEAM", "옛팀", true, null, null));

        directory.apply(new DepartmentDirectory.Version("CULTURE_POLICY", "문화정책과", 5, false, null));
        assertThat(directory.name("CULTURE_POLICY", CARRIED::get)).as("restored by a newer version")
                .isEqualTo(DepartmentName.active("CULTURE_POLICY", "문화정책과"));
    }

    @Test
    void theContractExampleIsReadAndAnythingElseIsNot() {
        EnvelopeReader reader = new EnvelopeReader();
        assertThat(version(reader, EventContracts.example(DirectoryFollower.TYPE)))
                .isEqualTo(new DepartmentDirectory.Version("URBAN_FARMING", "도시농업과", 1, false, null));
        assertThatThrownBy(() -> version(reader, "not json")).isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> version(reader, "{\"eventId\":\"e\",\"proposalId\":\"A\",\"type\":\"proposal.routed\","
                + "\"payload\":{}}")).isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> version(reader, "{\"eventId\":\"e\",\"proposalId\":\"A\",\"type\":"
                + "\"department.directory-changed\",\"payload\":{\"version\":0,"
                + "\"department\":{\"code\":\"A\",\"name\":\"가부서\"}}}")).isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> version(reader, "{\"eventId\":\"e\",\"proposalId\":\"A\",\"payload\":{\"version\":1,"
                + "\"department\":{\"code\":\" \",\"name\":\"가부서\"}}}")).isInstanceOf(UnreadableEventException.class);
    }

    private static DepartmentDirectory.Version version(EnvelopeReader reader, String json) {
        return DirectoryFollower.version(reader.payload(reader.read(json, DirectoryFollower.TYPE),
                DirectoryFollower.Change.class));
    }
}
