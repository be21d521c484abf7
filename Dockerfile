# One image recipe for every service and the gateway, chosen by MODULE and PORT.
# Built from the exec jar, so build the jars first and use the repository root as context:
#   ./mvnw -B -DskipTests package
#   docker build --build-arg MODULE=proposal-service --build-arg PORT=8081 -t sane/proposal-service:0.1.0-SNAPSHOT .
# (docker-compose.yml does the same.) The jar is split into Spring Boot's layers (dependencies, loader,
# snapshot dependencies, application) so a rebuild after a code change only replaces the small last layer.
ARG JAVA_IMAGE=eclipse-temurin:21-jre

FROM ${JAVA_IMAGE} AS layers
WORKDIR /build
ARG MODULE=proposal-service
COPY ${MODULE}/target/${MODULE}-*-exec.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${JAVA_IMAGE}
ARG PORT=8081
RUN groupadd --system --gid 10001 sane \
 && useradd --system --uid 10001 --gid sane --home-dir /app --no-create-home --shell /usr/sbin/nologin sane
WORKDIR /app
# least to most frequently changed
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER 10001:10001
# Heap as a share of the container's memory limit; the rest is metaspace, code cache, thread stacks and buffers.
# Override JAVA_TOOL_OPTIONS as a whole (docker-compose.yml and infra/k8s set it). The probes setting adds the
# health groups /actuator/health/liveness and /readiness (Spring Boot turns them on by itself only on Kubernetes).
ENV MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true \
    SERVER_PORT=${PORT} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8"
EXPOSE ${PORT}
# No curl in the image: bash's /dev/tcp asks the readiness group, on the management port when the container has one
# (the gateway: MANAGEMENT_SERVER_PORT).
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=5 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-${SERVER_PORT}} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
