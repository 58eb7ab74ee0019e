package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Where in object storage a session's artifacts go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {
  /** S3's bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens. */
  public static final String BUCKET_PATTERN = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

  @Pattern(BUCKET_PATTERN)
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
