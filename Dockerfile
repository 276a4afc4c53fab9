# Builds drs-monitor from this repository; used by docker-compose.yml for both the simulator and the main job.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY avro avro
COPY src/main src/main
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
COPY --from=build /src/target/drs-monitor.jar /opt/drs-monitor/drs-monitor.jar
WORKDIR /data
ENTRYPOINT ["java", "-jar", "/opt/drs-monitor/drs-monitor.jar"]
CMD ["run"]
