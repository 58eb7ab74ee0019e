package dev.pyrometer.chart;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;
import java.util.Set;

/**
 * Compiles and runs ValidatingAdmissionPolicy expressions with Google's CEL engine. The variables
 * (object, oldObject, request) and the `authorizer` library have the names and call shape of the
 * Kubernetes CEL environment (k8s.io/apiserver/pkg/cel/library/authz.go); the authorizer decides
 * from RBAC grants given per namespace.
 */
final class AdmissionCel {

    private static final OpaqueType AUTHORIZER = OpaqueType.create("kubernetes.authorization.Authorizer");
    private static final OpaqueType GROUP_CHECK = OpaqueType.create("kubernetes.authorization.GroupCheck");
    private static final OpaqueType RESOURCE_CHECK = OpaqueType.create("kubernetes.authorization.ResourceCheck");
    private static final OpaqueType DECISION = OpaqueType.create("kubernetes.authorization.Decision");

    /** What the requester may do: RBAC grants by namespace. */
    record Requester(Map<String, Set<Grant>> grantsByNamespace) {
        boolean may(String namespace, Grant grant) {
            return grantsByNamespace.getOrDefault(namespace, Set.of()).contains(grant);
        }
    }

    record ResourceCheck(Requester requester, String group, String resource, String subresource, String namespace) {
        ResourceCheck with(String field, String value) {
            return switch (field) {
                case "resource" -> new ResourceCheck(requester, group, value, subresource, namespace);
                case "subresource" -> new ResourceCheck(requester, group, resource, value, namespace);
                case "namespace" -> new ResourceCheck(requester, group, resource, subresource, value);
                default -> throw new IllegalArgumentException(field);
            };
        }
    }

    record Decision(boolean allowed) {
    }

    private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("object", SimpleType.DYN)
            .addVar("oldObject", SimpleType.DYN)
            .addVar("request", SimpleType.DYN)
            .addVar("authorizer", AUTHORIZER)
            .addFunctionDeclarations(
                    CelFunctionDecl.newFunctionDeclaration("group",
                            CelOverloadDecl.newMemberOverload("authorizer_group", GROUP_CHECK, AUTHORIZER, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("resource",
                            CelOverloadDecl.newMemberOverload("groupcheck_resource", RESOURCE_CHECK, GROUP_CHECK, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("subresource",
                            CelOverloadDecl.newMemberOverload("resourcecheck_subresource", RESOURCE_CHECK, RESOURCE_CHECK, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("namespace",
                            CelOverloadDecl.newMemberOverload("resourcecheck_namespace", RESOURCE_CHECK, RESOURCE_CHECK, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("check",
                            CelOverloadDecl.newMemberOverload("resourcecheck_check", DECISION, RESOURCE_CHECK, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("allowed",
                            CelOverloadDecl.newMemberOverload("decision_allowed", SimpleType.BOOL, DECISION)))
            .build();

    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
            .addFunctionBindings(
                    CelFunctionBinding.from("authorizer_group", Requester.class, String.class,
                            (requester, group) -> new ResourceCheck(requester, group, "", "", "")),
                    CelFunctionBinding.from("groupcheck_resource", ResourceCheck.class, String.class,
                            (check, resource) -> check.with("resource", resource)),
                    CelFunctionBinding.from("resourcecheck_subresource", ResourceCheck.class, String.class,
                            (check, subresource) -> check.with("subresource", subresource)),
                    CelFunctionBinding.from("resourcecheck_namespace", ResourceCheck.class, String.class,
                            (check, namespace) -> check.with("namespace", namespace)),
                    CelFunctionBinding.from("resourcecheck_check", ResourceCheck.class, String.class,
                            (check, verb) -> new Decision(check.requester().may(check.namespace(), new Grant(check.group(),
                                    check.subresource().isEmpty() ? check.resource() : check.resource() + "/" + check.subresource(),
                                    verb)))),
                    CelFunctionBinding.from("decision_allowed", Decision.class, Decision::allowed))
            .build();

    /** Type-checks the expression; fails with CEL's own error text when it does not compile. */
    CelAbstractSyntaxTree compile(String expression) {
        CelValidationResult result = compiler.compile(expression);
        if (result.hasError()) {
            throw new AssertionError("CEL does not compile: " + expression + "\n" + result.getErrorString());
        }
        try {
            return result.getAst();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    Object evaluate(String expression, Map<String, ?> variables) {
        try {
            return runtime.createProgram(compile(expression)).eval(variables);
        } catch (CelEvaluationException e) {
            throw new AssertionError("CEL evaluation failed: " + expression, e);
        }
    }
}
