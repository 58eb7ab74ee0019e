package dev.pyrometer.operator.testing;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real S3 server for tests and the demo: S3Proxy (pinned in the pom) with its filesystem
 * backend, run as a process of its own on 127.0.0.1 so that its Jetty and jclouds stay off the
 * operator's classpath. Spoken to through the MinIO SDK, like the operator does.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "pyrometer";
  public static final String SECRET_KEY = "pyrometer-secret";
  public static final String REGION = "us-east-1";

  private final Path dataDir;
  private final int port;
  private Process process;

  private S3Server(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /** Starts S3Proxy storing under {@code dataDir}, on a free port, and waits until it answers. */
  public static S3Server start(Path dataDir) {
    return start(dataDir, freePort());
  }

  public static S3Server start(Path dataDir, int port) {
    S3Server s3 = new S3Server(dataDir, port);
    s3.launch();
    return s3;
  }

  private void launch() {
    try {
      Path blobs = Files.createDirectories(dataDir.resolve("blobs"));
      Path properties = dataDir.resolve("s3proxy.properties");
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=http://127.0.0.1:" + port,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + ACCESS_KEY,
              "s3proxy.credential=" + SECRET_KEY,
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + blobs,
              ""));
      process =
          new ProcessBuilder(javaBinary(), "-Xmx256m", "-jar", jar().toString(), "--properties", properties.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("s3proxy.log").toFile()))
              .start();
      waitUntilListening();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the build put the S3Proxy jar (maven-dependency-plugin, generate-test-resources). */
  static Path jar() {
    Path jar = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      jar = Path.of("operator/target/s3proxy/s3proxy.jar").toAbsolutePath();
    }
    if (!Files.exists(jar)) {
      throw new IllegalStateException("S3Proxy jar missing: run mvn -pl operator -am generate-test-resources");
    }
    return jar;
  }

  private void waitUntilListening() {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited: see " + dataDir.resolve("s3proxy.log"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    throw new IllegalStateException("S3Proxy did not listen on " + port + " within 60 s");
  }

  /** Stops the server, keeping its data (a test can {@link #restart()} it on the same port). */
  public void stop() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  public void restart() {
    stop();
    launch();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public MinioClient client() {
    return MinioClient.builder().endpoint(endpoint()).region(REGION).credentials(ACCESS_KEY, SECRET_KEY).build();
  }

  public void createBucket(String bucket) {
    try {
      MinioClient c = client();
      if (!c.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        c.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot create bucket " + bucket, e);
    }
  }

  /** Every object key in a bucket (not the directory entries S3Proxy's filesystem store lists). */
  public List<String> keys(String bucket) {
    try {
      List<String> keys = new ArrayList<>();
      for (Result<Item> r : client().listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
        if (!r.get().isDir() && !r.get().objectName().endsWith("/")) {
          keys.add(r.get().objectName());
        }
      }
      return keys;
    } catch (Exception e) {
      throw new IllegalStateException("cannot list bucket " + bucket, e);
    }
  }

  public String read(String bucket, String key) {
    return new String(readBytes(bucket, key), StandardCharsets.UTF_8);
  }

  /** The object's bytes as stored (binary artifacts such as profile.pb.gz are not text). */
  public byte[] readBytes(String bucket, String key) {
    try (InputStream in = client().getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return in.readAllBytes();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read s3://" + bucket + "/" + key, e);
    }
  }

  public long size(String bucket, String key) {
    try {
      return client().statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stat s3://" + bucket + "/" + key, e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
