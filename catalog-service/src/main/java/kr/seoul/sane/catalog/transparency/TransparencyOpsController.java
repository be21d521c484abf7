package kr.seoul.sane.catalog.transparency;

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
    @PostMapping("/api/ops/catalog/transparency/rebuild")
    TransparencyRebuild.Result rebuild() {
        return rebuild.rebuild();
    }
}
