package kr.seoul.sane.routing.directory;

import org.springframework.data.mongodb.repository.MongoRepository;

import java.util.List;
import java.util.Optional;

public interface DepartmentVersionRepository extends MongoRepository<DepartmentVersion, String> {

    List<DepartmentVersion> findByCodeOrderByVersionDesc(String code);

    Optional<DepartmentVersion> findFirstByCodeOrderByVersionDesc(String code);
}
