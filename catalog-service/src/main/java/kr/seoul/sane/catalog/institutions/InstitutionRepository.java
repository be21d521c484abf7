package kr.seoul.sane.catalog.institutions;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface InstitutionRepository extends MongoRepository<PartnerInstitution, String> {
}
