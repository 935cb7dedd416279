package dev.overlap.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} arguments of the bench tools; unknown names are an error naming the option. */
final class Cli {
  private final Map<String, String> values;

  private Cli(Map<String, String> values) {
    this.values = values;
  }

  static Cli parse(String[] args, String... names) {
    Set<String> known = Set.of(names);
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || !known.contains(a.substring(2))) {
        throw new IllegalArgumentException("unknown option " + a + "; expected one of --" + String.join(", --", names));
      }
      if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
      values.put(a.substring(2), args[++i]);
    }
    return new Cli(values);
  }

  String value(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }

  int intValue(String name, int fallback) {
    String v = values.get(name);
    if (v == null) {
      if (fallback < 0) throw new IllegalArgumentException("--" + name + " is required");
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got " + v);
    }
  }

  long longValue(String name, long fallback) {
    String v = values.get(name);
    if (v == null) return fallback;
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got " + v);
    }
  }
}
