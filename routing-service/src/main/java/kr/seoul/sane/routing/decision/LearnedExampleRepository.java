package kr.seoul.sane.routing.decision;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface LearnedExampleRepository extends MongoRepository<LearnedExampleRecord, String> {
}
