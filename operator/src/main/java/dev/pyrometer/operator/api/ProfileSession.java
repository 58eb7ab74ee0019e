package dev.pyrometer.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One request to profile the Python processes of one or more pods, and its result. */
@Group(ProfileSession.GROUP)
@Version(ProfileSession.VERSION)
@Kind("ProfileSession")
@Plural("profilesessions")
@Singular("profilesession")
@ShortNames("profs")
@Categories("profiling")
@AdditionalPrinterColumn(name = "MODE", jsonPath = ".spec.mode", type = Type.STRING)
@AdditionalPrinterColumn(name = "TARGET", jsonPath = ".status.target", type = Type.STRING)
@AdditionalPrinterColumn(name = "PHASE", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "COLLECTED", jsonPath = ".status.collected", type = Type.STRING)
@AdditionalPrinterColumn(name = "TOP", jsonPath = ".status.top", type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(
    name = "REASON",
    jsonPath = ".status.reason",
    type = Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "ARTIFACT",
    jsonPath = ".status.artifacts[0].uri",
    type = Type.STRING,
    priority = 1)
public class ProfileSession extends CustomResource<ProfileSessionSpec, ProfileSessionStatus>
    implements Namespaced {
  public static final String GROUP = "pyrometer.dev";
  public static final String VERSION = "v1alpha1";
}
