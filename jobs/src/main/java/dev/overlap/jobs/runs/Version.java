package dev.overlap.jobs.runs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Overlap version, recorded in every run (from version.properties, filled in by the build). */
public final class Version {
  private Version() {}

  private static final String VERSION = load();

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/dev/overlap/jobs/version.properties")) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
