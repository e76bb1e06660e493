package org.portier;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the code base, checked on the compiled classes (ArchUnit) and, because the
 * compiler inlines constants and a fully qualified name needs no import, on the sources too.
 *
 * <ul>
 *   <li>Faces: integration, mobile, mxproxy, sip. Each has its own error format; none imports another.</li>
 *   <li>Shared: http, store, bus, config, security. They import no face and no capability package.</li>
 *   <li>Capabilities (door, doorcall, inbox, push, mx, mxpush, phone, turn, admin) import no face.</li>
 *   <li>Actors (verticles outside http) and the classes of their package they use directly import no
 *       web-layer type (io.vertx.ext.web routers and contexts) and nothing of org.portier.http.</li>
 * </ul>
 */
class ArchitectureTest {
  private static final String ROOT = "org.portier";
  private static final List<String> FACES = List.of("integration", "mobile", "mxproxy", "sip");
  private static final List<String> SHARED = List.of("http", "store", "bus", "config", "security");

  /**
   * Allowed exceptions, each with its reason:
   * <ul>
   *   <li>org.portier itself (Portier, Main): it assembles the node, so it names every face and capability.</li>
   *   <li>demo: a self-contained demonstration node that may use everything (today it uses config and mx).</li>
   * </ul>
   */
  private static final List<String> ASSEMBLERS = List.of(ROOT, ROOT + ".demo");

  /**
   * Verticles that are not actors: HttpVerticle and AdminVerticle are the two HTTP listeners, whose
   * job is the web layer (HttpVerticle lives in http anyway; AdminVerticle serves the operator listener).
   */
  private static final Set<String> LISTENERS = Set.of(ROOT + ".http.HttpVerticle", ROOT + ".admin.AdminVerticle");

  /** Outbound HTTP (a camera picture, a door's open URL) is not the web layer an actor must keep out of. */
  private static final List<String> WEB_CLIENT = List.of("io.vertx.ext.web.client..", "io.vertx.ext.web.codec..");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    assertThat(classes.size()).as("classes found under " + ROOT).isGreaterThan(100);
  }

  private static String pkg(String name) {
    return ROOT + "." + name;
  }

  private static String[] packagesOf(List<String> names) {
    return names.stream().map(n -> pkg(n) + "..").toArray(String[]::new);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching(ROOT + ".(*)..").namingSlices("$1").should().beFreeOfCycles().check(classes);
  }

  @Test
  void sharedPackagesKnowNoFaceOrCapability() {
    noClasses().that().resideInAnyPackage(packagesOf(SHARED))
        .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAnyPackage(packagesOf(SHARED)))))
        .because("http, store, bus, config and security are shared by every face and capability")
        .check(classes);
  }

  @Test
  void noPackageImportsAnotherFace() {
    for (String face : FACES) {
      List<String> others = new ArrayList<>(List.of(pkg(face) + ".."));
      ASSEMBLERS.forEach(a -> others.add(a.equals(ROOT) ? ROOT : a + ".."));
      noClasses().that().resideOutsideOfPackages(others.toArray(String[]::new))
          .should().dependOnClassesThat().resideInAPackage(pkg(face) + "..")
          .because("a face's helpers are its own; what several faces need lives in http, store or bus")
          .check(classes);
    }
  }

  @Test
  void actorsAndTheirHelpersStayOutOfTheWebLayer() {
    List<String> violations = new ArrayList<>();
    Set<JavaClass> checked = new java.util.LinkedHashSet<>();
    for (JavaClass c : classes) {
      boolean actor = (c.isAssignableTo(VerticleBase.class) || c.isAssignableTo(AbstractVerticle.class))
          && !c.getPackageName().startsWith(pkg("http")) && !LISTENERS.contains(c.getName());
      if (!actor) continue;
      checked.add(c);
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass t = d.getTargetClass();
        if (t.getPackageName().equals(c.getPackageName()) && t.getName().startsWith(ROOT)) checked.add(t.getBaseComponentType());
      }
    }
    assertThat(checked).extracting(JavaClass::getSimpleName).contains("DoorCallVerticle", "PushVerticle", "InboxVerticle", "MxSupervisor",
        "MxPushVerticle");
    for (JavaClass c : checked) {
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass t = d.getTargetClass().getBaseComponentType();
        boolean web = resideInAPackage("io.vertx.ext.web..").test(t) && !resideInAnyPackage(WEB_CLIENT.toArray(String[]::new)).test(t);
        if (web || t.getPackageName().startsWith(pkg("http"))) violations.add(d.getDescription());
      }
    }
    assertThat(violations).as("actors answer over the event bus with bus.BusFailure, never with web-layer types").isEmpty();
  }

  // --- the same package rules on the sources: imports, static imports and fully qualified names in code

  private static final Pattern REFERENCE = Pattern.compile("\\borg\\.portier\\.([a-z]+)\\.[A-Za-z]");
  private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
  private static final Pattern LINE_COMMENT = Pattern.compile("//[^\n]*");

  /** Package (short name, "" for org.portier) to the org.portier packages its sources name in code. */
  private static Map<String, Map<String, String>> sourceReferences() throws IOException {
    Path src = Path.of("src/main/java/org/portier");
    assertThat(src).isDirectory();
    Map<String, Map<String, String>> refs = new TreeMap<>();
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Path rel = src.relativize(f.getParent());
        String from = rel.toString().isEmpty() ? "" : rel.getName(0).toString();
        String code = LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(Files.readString(f)).replaceAll(" ")).replaceAll("");
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
          if (!m.group(1).equals(from)) refs.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(m.group(1), f.toString());
        }
      }
    }
    return refs;
  }

  @Test
  void sourcesFollowTheSameRules() throws IOException {
    Set<String> assemblers = Set.of("", "demo");
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> e : sourceReferences().entrySet()) {
      String from = e.getKey();
      if (assemblers.contains(from)) continue;
      for (Map.Entry<String, String> to : e.getValue().entrySet()) {
        String target = to.getKey();
        if (SHARED.contains(from) && !SHARED.contains(target)) violations.add(to.getValue() + ": shared package " + from + " names " + target);
        if (FACES.contains(target)) violations.add(to.getValue() + ": " + from + " names the face " + target);
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void sourcePackagesHaveNoCycles() throws IOException {
    Map<String, Map<String, String>> refs = sourceReferences();
    Set<String> cycles = new TreeSet<>();
    for (String start : refs.keySet()) {
      if (start.isEmpty()) continue;
      // depth-first from start: a path back to start is a cycle
      List<List<String>> stack = new ArrayList<>(List.of(List.of(start)));
      Set<String> seen = new TreeSet<>();
      while (!stack.isEmpty()) {
        List<String> path = stack.remove(stack.size() - 1);
        String last = path.get(path.size() - 1);
        for (String next : refs.getOrDefault(last, Map.of()).keySet()) {
          if (next.equals(start)) cycles.add(String.join(" -> ", path) + " -> " + start);
          else if (!next.isEmpty() && seen.add(next)) {
            List<String> longer = new ArrayList<>(path);
            longer.add(next);
            stack.add(longer);
          }
        }
      }
    }
    assertThat(cycles).isEmpty();
  }
}
