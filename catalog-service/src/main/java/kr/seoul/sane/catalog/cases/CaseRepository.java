package kr.seoul.sane.catalog.cases;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface CaseRepository extends MongoRepository<CooperationCase, String> {
}
