package kr.seoul.sane.routing.classifier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The trained non-proposal detector: what it learns carries over to texts of another set, deterministically. */
class NonProposalModelTest {

    static DepartmentDirectory directory;
    static TextAnalyzer analyzer;
    static List<LabelledItem> first;
    static List<LabelledItem> second;

    @BeforeAll
    static void load() {
        directory = DepartmentDirectory.fromClasspath();
        analyzer = new TextAnalyzer();
        first = LabelledItem.readResource("routing-training/routing-dev.jsonl");
        second = LabelledItem.readResource("routing-training/routing-dev2.jsonl");
    }

    private static RoutingTrainer.Trained trainOn(List<LabelledItem> items) {
        return new RoutingTrainer(directory, analyzer, ClassifierSettings.defaults().withAutoThreshold(0.8),
                RoutingTrainer.TRAINING_SEED).train(items, false);
    }

    @Test
    void trainedOnOneSetItCatchesTheNonProposalsOfTheOtherAtALowCostInCoverage() {
        RoutingTrainer.Trained trained = trainOn(second);
        RoutingClassifier classifier = trained.classifier();
        int nonProposals = 0;
        int triaged = 0;
        int proposals = 0;
        int heldBack = 0;
        for (LabelledItem item : first) {
            Classification c = classifier.classify(item.proposal());
            if (item.isProposal()) {
                proposals++;
                heldBack += c.triageReason() == TriageReason.NOT_A_PROPOSAL ? 1 : 0;
            } else {
                nonProposals++;
                triaged += c.autoRouted() ? 0 : 1;
            }
        }
        assertThat(nonProposals).isEqualTo(12);
        assertThat((double) triaged / nonProposals).isGreaterThanOrEqualTo(0.9);
        assertThat((double) heldBack / proposals).isLessThanOrEqualTo(0.08);
        assertThat(trained.detector().trainedOn()).isEqualTo(second.size());
    }

    @Test
    void itHoldsBackRequestsComplaintsAndSalesThatMentionADepartmentsTopicButNotProposalsOnIt() {
        RoutingClassifier classifier = RoutingClassifier.trained(directory, analyzer,
                ClassifierSettings.defaults().withAutoThreshold(0.8));
        List<ProposalText> notProposals = List.of(
                text("어르신 복지관 프로그램 신청은 어디서 하나요", "저희 아버지가 복지관 프로그램에 다니고 싶어하시는데 어디서 신청하나요? "
                        + "비용은 얼마인지도 알려주세요."),
                text("공원 벤치가 부서져 있어요", "동네 근린공원 벤치 두 개가 부서져서 앉을 수가 없어요. 아이들이 다칠까 걱정됩니다. "
                        + "빨리 고쳐 주세요."),
                text("태양광 패널 관공서 특가", "관공서 전용 태양광 패널 특가 안내입니다. 와트당 단가 900원, 100kW 이상 주문 시 "
                        + "설치비 무료. 견적서 요청 주세요."));
        List<ProposalText> proposals = List.of(
                text("어르신 복지관 원예 치유 프로그램", "원예치료사 10명이 노인복지관에서 어르신들과 화분을 가꾸는 원예 치유 프로그램을 "
                        + "매주 운영하고 싶습니다. 재료비는 저희 단체가 부담합니다."),
                text("근린공원 벤치 기부와 공원 가꾸기", "저희 회사가 재활용 플라스틱으로 만든 벤치 30개를 근린공원에 기부하고, 임직원이 "
                        + "분기마다 공원 자원봉사를 하려고 합니다."));
        for (ProposalText p : notProposals) {
            assertThat(classifier.classify(p).triageReason()).as(p.title()).isEqualTo(TriageReason.NOT_A_PROPOSAL);
        }
        for (ProposalText p : proposals) {
            assertThat(classifier.classify(p).triageReason()).as(p.title()).isNotEqualTo(TriageReason.NOT_A_PROPOSAL);
        }
    }

    @Test
    void theSameDataGiveTheSameModel() {
        NonProposalModel a = trainOn(second).detector();
        NonProposalModel b = trainOn(second).detector();
        assertThat(a.threshold()).isEqualTo(b.threshold());
        RoutingClassifier classifier = new RoutingClassifier(directory, analyzer, ClassifierSettings.defaults());
        for (LabelledItem item : first.subList(0, 20)) {
            NonProposalSignals s = classifier.assess(item.proposal()).signals();
            assertThat(a.probability(s)).isEqualTo(b.probability(s));
        }
        assertThat(a.threshold()).isBetween(0.0, NonProposalModel.MAX_THRESHOLD);
    }

    @Test
    void untrainedModelsFollowTheRulesOrNothing() {
        NonProposalSignals cue = new NonProposalSignals(new int[]{1, 2}, true, 5, 0);
        NonProposalSignals plain = new NonProposalSignals(new int[]{1, 2}, false, 5, 0);
        assertThat(NonProposalModel.RULES_ONLY.flags(cue)).isTrue();
        assertThat(NonProposalModel.RULES_ONLY.flags(plain)).isFalse();
        assertThat(NonProposalModel.NEVER.flags(cue)).isFalse();
    }

    @Test
    void featuresIgnoreSpacingCaseAndWhichDigitsAppear() {
        int[] a = NonProposalFeatures.of("Call  010-1234", "빨리   고쳐 주세요", List.of("고치"));
        int[] b = NonProposalFeatures.of("call 010-9876", "빨리 고쳐\n주세요", List.of("고치"));
        assertThat(a).isEqualTo(b).isSorted().doesNotHaveDuplicates();
        assertThat(NonProposalFeatures.of("다른 글", "전혀 다른 내용입니다", List.of())).isNotEqualTo(a);
    }

    private static ProposalText text(String title, String content) {
        return new ProposalText(title, content, null, "INDIVIDUAL", "개인", false);
    }
}
