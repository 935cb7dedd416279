package dev.overlap.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Locates reference test data on the classpath as files (Spark reads paths). */
public final class TestData {
  private TestData() {}

  /** A classpath resource as a file path, e.g. {@code reference/coco-small/instances_gt.json}. */
  public static String path(String resource) {
    URL u = TestData.class.getClassLoader().getResource(resource);
    if (u == null) throw new IllegalStateException("missing test resource " + resource);
    try {
      return Path.of(u.toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies a classpath resource into {@code dir}. */
  public static Path copy(String resource, Path dir, String name) {
    try (InputStream in = TestData.class.getClassLoader().getResourceAsStream(resource)) {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
