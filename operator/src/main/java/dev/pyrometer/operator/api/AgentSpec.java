package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The profiler container the operator adds to each target pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgentSpec {
  @Default("true")
  @JsonPropertyDescription(
      "true: a privileged container (like kubectl debug --profile=sysadmin); false: only the"
          + " SYS_PTRACE capability is added. Either way the namespace's Pod Security level must"
          + " allow it.")
  private Boolean privileged;

  @JsonPropertyDescription("The profiler image; default: the one pinned in the operator's release.")
  private String image;

  public Boolean getPrivileged() {
    return privileged;
  }

  public void setPrivileged(Boolean privileged) {
    this.privileged = privileged;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }
}
