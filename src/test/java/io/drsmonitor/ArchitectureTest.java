package io.drsmonitor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the code that rests on Kafka's internals in one package, {@code io.drsmonitor.streams.internals},
 * whose note says what it relies on and what to check on a Kafka upgrade; production classes only.
 */
@AnalyzeClasses(packages = "io.drsmonitor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule kafkaInternalsAreUsedOnlyInTheInternalsPackage = noClasses()
            .that().resideOutsideOfPackage("io.drsmonitor.streams.internals..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..internals..")
            .because("Kafka promises nothing about its internals: every use is listed in"
                    + " io.drsmonitor.streams.internals' package note and pinned by its tests");

    @ArchTest
    static final ArchRule theInternalsPackageServesOnlyTheStreamsPackage = noClasses()
            .that().resideOutsideOfPackage("io.drsmonitor.streams..")
            .should().dependOnClassesThat().resideInAPackage("io.drsmonitor.streams.internals..")
            .because("its classes serve the summaries' topology, and their guarantees hold only inside it");
}
