package dev.overlap.jobs.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A real S3 API server on 127.0.0.1 for the s3a tests: s3proxy (copied to {@code target/s3proxy.jar} by
 * the build) in its own process with the in-memory {@code transient} backend, one per test JVM, started
 * on first use and destroyed when the JVM exits. Fixtures go in through the Hadoop FileSystem (s3a),
 * never the plain AWS SDK, whose uploads s3proxy rejects over http.
 */
public final class S3Server {
  /** The access key and secret of the test server; the secrets test greps every output for SECRET. */
  public static final String ACCESS_KEY = "overlap-test-access";
  public static final String SECRET = "Sekr3t-0verlap-7e1d2c9a4f";

  private final Process process;
  private final int port;
  private final Path log;

  private S3Server(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  private static final class Holder {
    static final S3Server SERVER = start();
  }

  /** The server of this JVM, started on first use. */
  public static S3Server get() {
    return Holder.SERVER;
  }

  public int port() {
    return port;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  private static S3Server start() {
    String jar = System.getProperty("overlap.s3proxy.jar", "target/s3proxy.jar");
    if (!Files.exists(Path.of(jar))) throw new IllegalStateException("s3proxy jar missing (built by process-test-resources): " + jar);
    try {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Path dir = Files.createTempDirectory("overlap-s3proxy");
      Properties p = new Properties();
      p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
      p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      p.setProperty("s3proxy.identity", ACCESS_KEY);
      p.setProperty("s3proxy.credential", SECRET);
      p.setProperty("jclouds.provider", "transient");
      p.setProperty("jclouds.identity", "local");
      p.setProperty("jclouds.credential", "local");
      Path conf = dir.resolve("s3proxy.conf");
      try (OutputStream o = Files.newOutputStream(conf)) {
        p.store(o, null);
      }
      Path log = dir.resolve("s3proxy.log");
      Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
          "-jar", jar, "--properties", conf.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      S3Server server = new S3Server(proc, port, log);
      Runtime.getRuntime().addShutdownHook(new Thread(proc::destroy));
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls until the server answers HTTP (any status: 403 for an anonymous request is fine). */
  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("s3proxy exited:\n" + Files.readString(log));
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
        c.setConnectTimeout(200);
        c.setReadTimeout(1000);
        c.getResponseCode();
        c.disconnect();
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("s3proxy did not answer within 60 s:\n" + Files.readString(log));
  }

  /** Hadoop settings that point bucket {@code bucket} at this server, with the given secret. */
  public Map<String, String> bucketConf(String bucket, String secret) {
    String b = "fs.s3a.bucket." + bucket + ".";
    return Map.of(
        b + "endpoint", endpoint(),
        b + "endpoint.region", "us-east-1",
        b + "path.style.access", "true",
        b + "connection.ssl.enabled", "false",
        b + "access.key", ACCESS_KEY,
        b + "secret.key", secret,
        b + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        b + "attempts.maximum", "1",
        b + "retry.limit", "1");
  }

  /** Creates a bucket (s3a cannot; the SDK's CreateBucket has no payload, so no signing trap). */
  public void createBucket(String bucket) {
    try (software.amazon.awssdk.services.s3.S3Client s3 = software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
        .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
        .build()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /** Copies a local file into an s3a path through the Hadoop FileSystem. */
  public static void upload(Configuration conf, Path local, String s3aPath) {
    try {
      org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(s3aPath);
      FileSystem fs = dst.getFileSystem(conf);
      try (InputStream in = Files.newInputStream(local); OutputStream o = fs.create(dst, true)) {
        in.transferTo(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file below an s3a path, recursively (hidden names included). */
  public static List<String> listAll(Configuration conf, String s3aPath) {
    try {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(s3aPath);
      FileSystem fs = root.getFileSystem(conf);
      List<String> out = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) out.add(it.next().getPath().toString());
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of one object. */
  public static byte[] read(Configuration conf, String s3aPath) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(s3aPath);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus st = fs.getFileStatus(p);
      try (InputStream in = fs.open(p)) {
        byte[] b = in.readAllBytes();
        if (b.length != st.getLen()) throw new IOException("short read of " + s3aPath);
        return b;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
