package org.promptstudio.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of ARCHITECTURE.md and docs/decisions/0001, checked on every build. */
class ArchitectureTest {

    private static final String ROOT = "org.promptstudio";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }

    @Test
    void onlyTheUiUsesJavaFxAndItsLibraries() {
        noClasses().that().resideOutsideOfPackage(pkg("ui"))
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.fxmisc..",
                        "atlantafx..", "org.kordamp..", "org.reactfx..")
                .check(classes);
    }

    @Test
    void eachLibraryStaysInThePackageThatOwnsIt() {
        Map<String, String[]> owners = Map.of(
                "org.eclipse.jgit..", new String[] {pkg("vcs"), pkg("registry")},
                "org.apache.lucene..", new String[] {pkg("index")},
                "java.sql..", new String[] {pkg("store")},
                "dev.langchain4j..", new String[] {pkg("provider")},
                "com.knuddels.jtokkit..", new String[] {pkg("provider")},
                "com.github.jknack.handlebars..", new String[] {pkg("template")},
                "org.flywaydb..", new String[] {pkg("store")},
                "org.h2..", new String[] {pkg("store")},
                "picocli..", new String[] {pkg("cli")});
        owners.forEach((library, packages) -> noClasses().that().resideOutsideOfPackages(packages)
                .should().dependOnClassesThat().resideInAPackage(library)
                .because(library + " is wrapped at the border of " + String.join(", ", packages))
                .check(classes));
    }

    @Test
    void documentParsersStayInTheIndex() {
        // HTML and PDF reading is the index's (issue 14); their exceptions become IndexException one-line reasons.
        noClasses().that().resideOutsideOfPackage(pkg("index"))
                .should().dependOnClassesThat().resideInAnyPackage("org.jsoup..", "org.apache.pdfbox..")
                .because("jsoup and PDFBox are wrapped at the border of the index")
                .check(classes);
    }

    @Test
    void yamlIsReadOnlyThroughTheCoreSchemaReader() {
        // YAML 1.2 core schema, one reading for front matter, studio.yaml and experiments (decision 0033). The
        // Prompty importer reads .prompty files as Prompty's Python runtime does (YAML 1.1) and writes Dotprompt.
        noClasses().that().resideOutsideOfPackages(pkg("format"), pkg("template.prompty"))
                .should().dependOnClassesThat().resideInAnyPackage("org.yaml.snakeyaml..", "org.snakeyaml..",
                        "com.fasterxml.jackson.dataformat.yaml..")
                .check(classes);
    }

    @Test
    void theFacesUseNoLibraryOfTheServicesTheyCall() {
        // cli and ui reach data through app and the value types it returns, never through JSON, JDBC or git.
        noClasses().that().resideInAnyPackage(pkg("cli"), pkg("ui"))
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml..", "com.networknt..")
                .check(classes);
    }

    @Test
    void modelDependsOnlyOnTheJdk() {
        classes().that().resideInAPackage(pkg("model"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(pkg("model"), "java..")
                .check(classes);
    }

    @Test
    void nothingDependsOnTheCommandLineOrTheWindowButTheEntryPoint() {
        noClasses().that().resideOutsideOfPackages(pkg("cli"), pkg("ui")).and().doNotHaveFullyQualifiedName(ROOT + ".Main")
                .should().dependOnClassesThat().resideInAnyPackage(pkg("cli"), pkg("ui"))
                .check(classes);
        noClasses().that().resideInAPackage(pkg("cli")).should().dependOnClassesThat().resideInAPackage(pkg("ui"))
                .check(classes);
        noClasses().that().resideInAPackage(pkg("ui")).should().dependOnClassesThat().resideInAPackage(pkg("cli"))
                .check(classes);
    }

    /** Which project packages each package may use (besides itself and model), from ARCHITECTURE.md. */
    @Test
    void packagesUseOnlyThePackagesTheArchitectureAllows() {
        Map<String, List<String>> allowed = Map.ofEntries(
                Map.entry("format", List.of()),
                Map.entry("template", List.of("format")),
                Map.entry("workspace", List.of("format")),
                Map.entry("guard", List.of()),
                Map.entry("store", List.of()),
                Map.entry("vcs", List.of("guard")),
                Map.entry("registry", List.of("vcs", "template")),
                Map.entry("provider", List.of()),
                Map.entry("index", List.of("guard", "provider")),
                Map.entry("experiment", List.of("provider", "template", "store", "workspace", "index", "format")),
                Map.entry("eval", List.of("provider", "store", "workspace")),
                Map.entry("labelling", List.of("store")),
                Map.entry("monitor", List.of("store")));
        String[] all = {"format", "template", "workspace", "vcs", "registry", "provider", "experiment", "eval", "labelling",
            "index", "guard", "store", "monitor", "app", "cli", "ui"};
        allowed.forEach((name, uses) -> {
            List<String> forbidden = new ArrayList<>();
            for (String other : all) {
                if (!other.equals(name) && !uses.contains(other)) forbidden.add(pkg(other));
            }
            noClasses().that().resideInAPackage(pkg(name))
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .allowEmptyShould(true)
                    .check(classes);
        });
    }

    /**
     * A value type: a record, an enum or an exception (what a use case takes, returns or throws), or anything in
     * {@code model}. Services, repositories and runners are none of these, so a face cannot reach past {@code app}.
     */
    private static final DescribedPredicate<JavaClass> VALUE_TYPE = new DescribedPredicate<>("a value type"
            + " (record, enum, exception, or in model)") {
        @Override
        public boolean test(JavaClass c) {
            JavaClass top = c;
            while (top.getEnclosingClass().isPresent()) top = top.getEnclosingClass().get();
            return c.isRecord() || c.isEnum() || c.isAssignableTo(Throwable.class) || top.isRecord()
                    || c.getPackageName().equals(ROOT + ".model");
        }
    };

    @Test
    void theFacesUseOnlyAppAndValueTypes() {
        // A rule a command applies (a pass rule, an estimate, an ordering) lives in app, so the window shows the same
        // figure the command prints (ARCHITECTURE.md, "Use cases: one door for both faces"; decision 0047).
        classes().that().resideInAPackage(pkg("cli"))
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(ROOT + "..")
                        .or(resideInAnyPackage(pkg("cli"), pkg("app"), pkg("model"))).or(VALUE_TYPE))
                .check(classes);
        classes().that().resideInAPackage(pkg("ui"))
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(ROOT + "..")
                        .or(resideInAnyPackage(pkg("ui"), pkg("app"), pkg("model"))).or(VALUE_TYPE))
                .check(classes);
    }

    @Test
    void viewsNeverCallApp() {
        noClasses().that().resideInAPackage(pkg("ui")).and().haveSimpleNameEndingWith("View")
                .should().dependOnClassesThat().resideInAPackage(pkg("app"))
                .because("a view builds controls, binds and forwards events; its view model calls app")
                .check(classes);
    }

    @Test
    void viewModelsNeverTouchTheSceneGraph() {
        noClasses().that().resideInAPackage(pkg("ui")).and().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAPackage("javafx.scene..")
                .because("a view model is tested without a window; javafx.beans and javafx.collections are fine")
                .check(classes);
    }

    @Test
    void uiFeaturesUseOnlyTheCommonPartsAndTheShell() {
        // The shell composes the features: it opens their views in its tabs.
        slices().matching(ROOT + ".ui.(*)..").should().notDependOnEachOther()
                .ignoreDependency(JavaClass.Predicates.resideInAPackage(pkg("ui")),
                        resideInAnyPackage(pkg("ui.common"), pkg("ui.shell")))
                .ignoreDependency(JavaClass.Predicates.resideInAPackage(pkg("ui.shell")),
                        JavaClass.Predicates.resideInAPackage(pkg("ui")))
                .because("features talk through the shell's navigation and shared selection, not to each other")
                .check(classes);
    }

    @Test
    void platformRunLaterOnlyInUiCommon() {
        noClasses().that().resideOutsideOfPackage(pkg("ui.common"))
                .should().callMethod("javafx.application.Platform", "runLater", "java.lang.Runnable")
                .because("work comes back to the FX thread through the one task runner")
                .check(classes);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noSystemOutOutsideTheCommandLine() {
        noClasses().that().resideOutsideOfPackages(pkg("cli")).and().doNotHaveFullyQualifiedName(ROOT + ".Main")
                .should().accessField(System.class, "out")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .check(classes);
    }
}
