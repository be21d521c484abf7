package kr.seoul.sane.catalog.transparency;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators (role ADMIN): rebuild the transparency read model from the proposal topics. */
@RestController
class TransparencyOpsController {

    private final TransparencyRebuild rebuild;

    TransparencyOpsController(TransparencyRebuild rebuild) {
        this.rebuild = rebuild;
    }

    /** Drops the read model and replays the proposal topics from offset 0; answers what was read. */
    @Operation(summary = "처리 현황 다시 만들기 (ADMIN)", description = "처리 현황 읽기 모델을 지우고 제안 토픽을 처음부터 다시 읽어 "
            + "만듭니다. 같은 사건에서 같은 숫자가 나옵니다.")
    @PostMapping("/api/ops/catalog/transparency/rebuild")
    TransparencyRebuild.Result rebuild() {
        return rebuild.rebuild();
    }
}
