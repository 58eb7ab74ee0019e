package dev.pyrometer.operator.api;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a real API server does with a ProfileSession before storing it, for the committed CRD:
 * apply the schema's defaults, check the structural schema (types, enums, patterns, bounds,
 * required fields, unknown fields as kubectl's strict field validation does) and evaluate every
 * x-kubernetes-validations rule with Google's CEL for Java, transition rules ({@code oldSelf})
 * only on updates. Messages follow the API server's wording.
 */
public final class CrdSchema {
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private final JSONSchemaProps root;

  private CrdSchema(JSONSchemaProps root) {
    this.root = root;
  }

  /** The schema of crds/profilesessions.pyrometer.dev-v1.yml. */
  public static CrdSchema committed() {
    return committed(ProfileSessionCrd.FILE_NAME);
  }

  /** The schema of another committed CRD under crds/, e.g. the ProfileSchedule's. */
  public static CrdSchema committed(String fileName) {
    Path file = ProfileSessionCrd.repositoryRoot().resolve("crds").resolve(fileName);
    try {
      CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
      return new CrdSchema(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A pyrometer.dev object of this kind in namespace shop, its spec given as YAML. */
  public static String manifest(String kind, String name, String spec) {
    return """
        apiVersion: pyrometer.dev/v1alpha1
        kind: %s
        metadata: {name: %s, namespace: shop}
        spec:
        %s
        """.formatted(kind, name, spec.indent(2));
  }

  /** The errors a create of this object gets (empty when it is accepted). */
  public List<String> create(String yaml) {
    return validate(null, toMap(yaml));
  }

  /** The errors an update from {@code before} to {@code after} gets. */
  public List<String> update(String before, String after) {
    Map<String, Object> old = toMap(before);
    applyDefaults(root, old);
    return validate(old, toMap(after));
  }

  /** The object as the API server would store it: with the schema's defaults filled in. */
  public Map<String, Object> defaulted(String yaml) {
    Map<String, Object> object = toMap(yaml);
    applyDefaults(root, object);
    return object;
  }

  private List<String> validate(Map<String, Object> old, Map<String, Object> object) {
    applyDefaults(root, object);
    List<String> errors = new ArrayList<>();
    // the API server validates spec and status; apiVersion, kind and metadata are its own
    for (String field : List.of("spec", "status")) {
      if (object.containsKey(field)) {
        check(root.getProperties().get(field), object.get(field), old == null ? null : old.get(field), field, errors);
      }
    }
    return errors;
  }

  @SuppressWarnings("unchecked")
  private static void applyDefaults(JSONSchemaProps schema, Object value) {
    if (!(value instanceof Map<?, ?> map) || schema.getProperties() == null) {
      return;
    }
    Map<String, Object> object = (Map<String, Object>) map;
    schema.getProperties().forEach((name, property) -> {
      if (!object.containsKey(name) && property.getDefault() != null) {
        object.put(name, toJava(JSON.convertValue(property.getDefault(), Object.class)));
      }
      if (object.containsKey(name)) {
        applyDefaults(property, object.get(name));
      }
    });
  }

  private static void check(JSONSchemaProps schema, Object value, Object old, String path, List<String> errors) {
    int before = errors.size();
    String type = schema.getType();
    if (value == null) {
      return;
    }
    switch (Objects.requireNonNullElse(type, "")) {
      case "object" -> checkObject(schema, value, old, path, errors);
      case "array" -> {
        if (!(value instanceof List<?> list)) {
          errors.add(path + ": Invalid value: \"" + kind(value) + "\": " + path + " in body must be of type array");
        } else if (schema.getItems() != null && schema.getItems().getSchema() != null) {
          for (int i = 0; i < list.size(); i++) {
            check(schema.getItems().getSchema(), list.get(i), null, path + "[" + i + "]", errors);
          }
        }
      }
      case "string" -> {
        if (!(value instanceof String s)) {
          errors.add(path + ": Invalid value: \"" + kind(value) + "\": " + path + " in body must be of type string: \"" + kind(value) + "\"");
        } else {
          if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            List<String> allowed = schema.getEnum().stream().map(j -> j.asText()).toList();
            if (!allowed.contains(s)) {
              errors.add(path + ": Unsupported value: \"" + s + "\": supported values: "
                  + allowed.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", ")));
            }
          }
          if (schema.getPattern() != null && !java.util.regex.Pattern.compile(schema.getPattern()).matcher(s).find()) {
            errors.add(path + ": Invalid value: \"" + s + "\": " + path + " in body should match '" + schema.getPattern() + "'");
          }
        }
      }
      case "integer", "number" -> {
        if (!(value instanceof Number n) || ("integer".equals(type) && !(value instanceof Long))) {
          errors.add(path + ": Invalid value: \"" + kind(value) + "\": " + path + " in body must be of type " + type);
        } else {
          if (schema.getMinimum() != null && n.doubleValue() < schema.getMinimum()) {
            errors.add(path + ": Invalid value: " + n + ": " + path + " in body should be greater than or equal to " + schema.getMinimum().longValue());
          }
          if (schema.getMaximum() != null && n.doubleValue() > schema.getMaximum()) {
            errors.add(path + ": Invalid value: " + n + ": " + path + " in body should be less than or equal to " + schema.getMaximum().longValue());
          }
        }
      }
      case "boolean" -> {
        if (!(value instanceof Boolean)) {
          errors.add(path + ": Invalid value: \"" + kind(value) + "\": " + path + " in body must be of type boolean");
        }
      }
      default -> {}
    }
    // like the API server: CEL rules run on a value whose schema checks passed
    if (errors.size() == before && schema.getXKubernetesValidations() != null) {
      for (ValidationRule rule : schema.getXKubernetesValidations()) {
        boolean transition = rule.getRule().contains("oldSelf");
        if (transition && old == null) {
          continue;
        }
        if (!evaluate(rule.getRule(), value, old)) {
          errors.add(path + ": Invalid value: \"" + type + "\": " + rule.getMessage());
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void checkObject(JSONSchemaProps schema, Object value, Object old, String path, List<String> errors) {
    if (!(value instanceof Map<?, ?> map)) {
      errors.add(path + ": Invalid value: \"" + kind(value) + "\": " + path + " in body must be of type object");
      return;
    }
    Map<String, Object> object = (Map<String, Object>) map;
    Map<String, Object> oldObject = old instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    for (String required : Objects.requireNonNullElse(schema.getRequired(), List.<String>of())) {
      if (!object.containsKey(required)) {
        errors.add(path + "." + required + ": Required value");
      }
    }
    Map<String, JSONSchemaProps> properties = Objects.requireNonNullElse(schema.getProperties(), Map.of());
    for (Map.Entry<String, Object> e : object.entrySet()) {
      JSONSchemaProps property = properties.get(e.getKey());
      if (property != null) {
        check(property, e.getValue(), oldObject == null ? null : oldObject.get(e.getKey()), path + "." + e.getKey(), errors);
      } else if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
        check(schema.getAdditionalProperties().getSchema(), e.getValue(), null, path + "." + e.getKey(), errors);
      } else if (!Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
        errors.add("unknown field \"" + path + "." + e.getKey() + "\"");
      }
    }
  }

  private static boolean evaluate(String rule, Object self, Object oldSelf) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(rule).getAst();
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("self", self);
      if (oldSelf != null) {
        vars.put("oldSelf", oldSelf);
      }
      return Boolean.TRUE.equals(RUNTIME.createProgram(ast).eval(vars));
    } catch (Exception e) {
      // an evaluation error (e.g. duration('soon')) rejects the object, as on the API server
      return false;
    }
  }

  private static String kind(Object value) {
    return value instanceof Map ? "object" : value instanceof List ? "array" : value instanceof String ? "string"
        : value instanceof Boolean ? "boolean" : "number";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(String yaml) {
    return (Map<String, Object>) toJava(Serialization.unmarshal(yaml, Object.class));
  }

  /** JSON values as CEL wants them: integers as long. */
  @SuppressWarnings("unchecked")
  private static Object toJava(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> out.put(k, toJava(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return new ArrayList<>(list.stream().map(CrdSchema::toJava).toList());
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof java.math.BigInteger b) {
      return b.longValue();
    }
    return value;
  }
}
