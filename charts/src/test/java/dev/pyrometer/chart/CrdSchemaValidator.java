package dev.pyrometer.chart;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a custom resource against a CRD version's structural schema the way the API server does
 * on create (types, required, enum, pattern, bounds, x-kubernetes-validations in CEL), and also
 * reports unknown fields, which the API server would silently prune.
 */
final class CrdSchemaValidator {

    /** CEL integers are 64-bit: hand them over as Long. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    /** Fields every object has and that the CRD schema leaves to the API server. */
    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

    private final CelCompiler cel = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    /** Every violation, as "path: problem"; empty when the object is valid. */
    List<String> validate(JsonNode object, JsonNode openApiV3Schema) {
        List<String> problems = new ArrayList<>();
        check("", object, openApiV3Schema, problems);
        return problems;
    }

    private void check(String path, JsonNode value, JsonNode schema, List<String> problems) {
        String where = path.isEmpty() ? "<root>" : path;
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            problems.add(where + ": expected " + type + ", got " + value.getNodeType());
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(where + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (schema.has("pattern") && value.isTextual() && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
            problems.add(where + ": " + value + " does not match " + schema.get("pattern").asText());
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(where + ": " + value + " < minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && value.isNumber() && value.asDouble() > schema.get("maximum").asDouble()) {
            problems.add(where + ": " + value + " > maximum " + schema.get("maximum"));
        }
        if (value.isObject()) {
            checkObject(path, value, schema, problems);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(path + "[" + i + "]", value.get(i), schema.get("items"), problems);
            }
        }
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            checkRule(where, value, validation, problems);
        }
    }

    private void checkObject(String path, JsonNode value, JsonNode schema, List<String> problems) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add((path.isEmpty() ? "<root>" : path) + ": missing required field " + required.asText());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode fieldSchema = schema.path("properties").get(field.getKey());
            if (fieldSchema != null) {
                check(fieldPath, field.getValue(), fieldSchema, problems);
            } else if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()) {
                check(fieldPath, field.getValue(), schema.get("additionalProperties"), problems);
            } else if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()
                    && !(path.isEmpty() && ROOT_FIELDS.contains(field.getKey()))) {
                problems.add(fieldPath + ": unknown field (the API server would drop it)");
            }
        }
    }

    private void checkRule(String where, JsonNode value, JsonNode validation, List<String> problems) {
        String rule = validation.path("rule").asText();
        if (rule.contains("oldSelf")) {
            return; // a transition rule: judged on update only
        }
        CelValidationResult compiled = cel.compile(rule);
        if (compiled.hasError()) {
            problems.add(where + ": rule does not compile: " + rule + " " + compiled.getErrorString());
            return;
        }
        try {
            Object result = runtime.createProgram(compiled.getAst()).eval(Map.of("self", JSON.convertValue(value, Object.class)));
            if (!Boolean.TRUE.equals(result)) {
                problems.add(where + ": " + validation.path("message").asText(rule));
            }
        } catch (Exception e) {
            problems.add(where + ": rule " + rule + " failed: " + e.getMessage());
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
