package dev.pyrometer.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MinioClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UploadPresignerTest {
  @Test
  void presignsForThePodsEndpointWithoutCallingTheStorage() throws Exception {
    try (ServerSocket storage = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      storage.setSoTimeout(200);
      MinioClient podFacing = MinioClient.builder().endpoint("http://127.0.0.1:" + storage.getLocalPort())
          .region("us-east-1").credentials("access", "secret").build();

      String url = new UploadPresigner(podFacing).presignPut("profiles", "sessions/shop/s-1/web/flamegraph.html", Duration.ofMinutes(15));

      URI uri = URI.create(url);
      assertThat(uri.getPort()).isEqualTo(storage.getLocalPort());
      assertThat(uri.getPath()).isEqualTo("/profiles/sessions/shop/s-1/web/flamegraph.html");
      assertThat(uri.getQuery()).contains("X-Amz-Expires=900").contains("X-Amz-SignedHeaders=host").contains("X-Amz-Signature=");
      boolean called;
      try (var ignored = storage.accept()) {
        called = true;
      } catch (SocketTimeoutException none) {
        called = false;
      }
      assertThat(called).as("presigning must not call the storage").isFalse();
    }
  }

  @Test
  void capsTheExpiryAtWhatS3Accepts() {
    MinioClient client = MinioClient.builder().endpoint("http://s3.invalid:9000").region("us-east-1").credentials("a", "b").build();

    assertThat(new UploadPresigner(client).presignPut("bucket", "k", Duration.ofDays(30))).contains("X-Amz-Expires=604800");
  }

  @Test
  void keysNameTheNamespaceSessionAndPod() {
    assertThat(ObjectKeys.key("/sessions/", "shop", "checkout-slow", "uid-1", "web-1", "report.html"))
        .matches("sessions/shop/checkout-slow-[0-9a-f]{8}/web-1/report.html");
    assertThat(ObjectKeys.key("", "shop", "s", "uid-1", "web", "summary.json")).matches("shop/s-[0-9a-f]{8}/web/summary.json");
    assertThat(ObjectKeys.uri("b", "k/x")).isEqualTo("s3://b/k/x");
  }
}
