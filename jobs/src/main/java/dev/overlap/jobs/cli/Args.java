package dev.overlap.jobs.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Command-line options: {@code --name value}, {@code --name=value} and boolean {@code --flag}s,
 * optionally preloaded from a {@code --config file.properties} whose keys are option names without
 * dashes. The command line wins over the file. Values are data: nothing is interpolated or evaluated.
 */
public final class Args {
  private final Map<String, String> values;
  private final List<String> positional;

  private Args(Map<String, String> values, List<String> positional) {
    this.values = values;
    this.positional = positional;
  }

  /**
   * Parses arguments.
   *
   * @param args the arguments after the subcommand
   * @param options options that take a value
   * @param flags options that take none
   */
  public static Args parse(String[] args, Set<String> options, Set<String> flags) {
    Map<String, String> cli = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        positional.add(a);
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null && !value.equals("true") && !value.equals("false")) {
          throw new UsageException("--" + name + " takes no value, got \"" + value + "\"");
        }
        cli.put(name, value == null ? "true" : value);
      } else if (options.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) throw new UsageException("--" + name + " needs a value");
          value = args[++i];
        }
        cli.put(name, value);
      } else {
        throw new UsageException("unknown option --" + name + " (see --help)");
      }
    }
    Map<String, String> merged = new LinkedHashMap<>();
    String config = cli.get("config");
    if (config != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(config), StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new UsageException("--config: cannot read " + config + ": " + e.getMessage());
      }
      for (String key : p.stringPropertyNames()) {
        if (!options.contains(key) && !flags.contains(key)) {
          throw new UsageException("--config " + config + ": unknown key \"" + key + "\"");
        }
        merged.put(key, p.getProperty(key).trim());
      }
    }
    merged.putAll(cli);
    for (Map.Entry<String, String> e : merged.entrySet()) {
      String shown = Text.redact(e.getValue());
      if (!shown.equals(e.getValue())) {
        // Hadoop's S3A no longer reads them; refused here, they never reach a message, log or table
        throw new UsageException("--" + e.getKey() + ": credentials in a URI are not supported (" + shown
            + "): give them as spark.hadoop.fs.s3a.access.key and .secret.key (see conf/s3a-example.conf) or through"
            + " the AWS provider chain");
      }
    }
    return new Args(merged, positional);
  }

  public List<String> positional() {
    return positional;
  }

  /** A copy with option {@code name} set to {@code value}, or removed when value is null (commands built on others). */
  public Args with(String name, String value) {
    Map<String, String> v = new java.util.LinkedHashMap<>(values);
    if (value == null) v.remove(name);
    else v.put(name, value);
    return new Args(v, positional);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String get(String name, String dflt) {
    String v = values.get(name);
    return v == null ? dflt : v;
  }

  public String required(String name) {
    String v = values.get(name);
    if (v == null || v.isEmpty()) throw new UsageException("--" + name + " is required");
    return v;
  }

  public boolean flag(String name) {
    return "true".equals(values.get(name));
  }

  public int intValue(String name, int dflt, int min) {
    String v = values.get(name);
    if (v == null) return dflt;
    int x;
    try {
      x = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + ": expected an integer, got \"" + v + "\"");
    }
    if (x < min) throw new UsageException("--" + name + ": must be at least " + min + ", got " + x);
    return x;
  }

  public double[] doubles(String name, double[] dflt) {
    String v = values.get(name);
    if (v == null) return dflt;
    String[] parts = v.split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--" + name + ": \"" + parts[i].trim() + "\" is not a number");
      }
    }
    return out;
  }

  public long[] longs(String name) {
    String v = values.get(name);
    if (v == null) return null;
    String[] parts = v.split(",");
    long[] out = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Long.parseLong(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--" + name + ": \"" + parts[i].trim() + "\" is not an integer id");
      }
    }
    return out;
  }

  public int[] ints(String name, int[] dflt) {
    String v = values.get(name);
    if (v == null) return dflt;
    String[] parts = v.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--" + name + ": \"" + parts[i].trim() + "\" is not an integer");
      }
    }
    return out;
  }

  /** A value that must be one of {@code allowed}. */
  public String choice(String name, String dflt, String... allowed) {
    String v = get(name, dflt);
    for (String a : allowed) if (a.equals(v)) return v;
    throw new UsageException("--" + name + ": expected one of " + String.join(", ", allowed) + ", got \"" + v + "\"");
  }
}
