package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where in object storage a session's artifacts go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {
  @JsonPropertyDescription("The bucket; default: the operator's configured bucket.")
  private String bucket;

  @JsonPropertyDescription(
      "Key prefix; artifacts go under <prefix>/<namespace>/<session>/<pod>/. Default: the"
          + " operator's configured prefix.")
  private String prefix;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }
}
