package dev.overlap.jobs.segmentation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overlap.jobs.cli.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Class names for {@code --classes FILE}: a map from class id (0 .. K-1) to a display name. Two
 * formats, chosen by extension:
 * <ul>
 *   <li>CSV ({@code .csv}, or any other name): {@code id,name} rows; an optional {@code id,name}
 *       header, blank lines and {@code #} comments are skipped; fields may be double-quoted
 *       ({@code ""} inside quotes is a quote); columns after the second are ignored.
 *   <li>JSON ({@code .json}): an array of names (index = id), an array of
 *       {@code {"id": 0, "name": "road"}} objects, or an object {@code {"0": "road", ...}}.
 * </ul>
 * Names are data: they are never interpreted and are escaped wherever they are printed.
 */
public final class ClassNames {
  private ClassNames() {}

  /**
   * Reads a class-name file.
   *
   * @return names by class id (sorted); ids are non-negative and unique
   * @throws UsageException naming the file, the line or entry, and what is wrong
   */
  public static TreeMap<Integer, String> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("--classes: cannot read " + file + ": " + e.getMessage());
    }
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
        ? json(text, file.toString()) : csv(text, file.toString());
  }

  /**
   * The names of classes {@code 0 .. k-1} as an array (null where the file names none).
   *
   * @throws UsageException if the file names a class id {@code >= k}
   */
  public static String[] forClasses(TreeMap<Integer, String> names, int k, String file) {
    String[] out = new String[k];
    for (Map.Entry<Integer, String> e : names.entrySet()) {
      if (e.getKey() >= k) {
        throw new UsageException("--classes " + file + ": class id " + e.getKey() + " is not below --num-classes " + k);
      }
      out[e.getKey()] = e.getValue();
    }
    return out;
  }

  static TreeMap<Integer, String> csv(String text, String file) {
    TreeMap<Integer, String> names = new TreeMap<>();
    String[] lines = text.split("\r?\n", -1);
    boolean first = true;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      List<String> f = fields(line, file, i + 1);
      if (first && f.get(0).strip().equalsIgnoreCase("id")) {
        first = false;
        continue;
      }
      first = false;
      if (f.size() < 2) {
        throw new UsageException("--classes " + file + ": line " + (i + 1) + ": expected \"id,name\", got \"" + line + "\"");
      }
      put(names, parseId(f.get(0).strip(), file, "line " + (i + 1)), f.get(1).strip(), file, "line " + (i + 1));
    }
    if (names.isEmpty()) throw new UsageException("--classes " + file + ": no classes (expected id,name rows)");
    return names;
  }

  /** Splits one CSV line into fields, honouring double quotes. */
  private static List<String> fields(String line, String file, int lineNo) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          b.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          b.append(c);
        }
      } else if (c == '"' && b.toString().isBlank()) {
        b.setLength(0);
        quoted = true;
      } else if (c == ',') {
        out.add(b.toString());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    if (quoted) throw new UsageException("--classes " + file + ": line " + lineNo + ": unterminated quote");
    out.add(b.toString());
    return out;
  }

  static TreeMap<Integer, String> json(String text, String file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new UsageException("--classes " + file + ": not valid JSON: " + e.getOriginalMessage());
    }
    TreeMap<Integer, String> names = new TreeMap<>();
    if (root != null && root.isArray()) {
      for (int i = 0; i < root.size(); i++) {
        JsonNode n = root.get(i);
        String where = "entry " + i;
        if (n.isTextual()) {
          put(names, i, n.asText(), file, where);
        } else if (n.isObject() && n.has("id") && n.has("name")) {
          JsonNode id = n.get("id");
          if (!id.canConvertToInt() || !id.isIntegralNumber()) {
            throw new UsageException("--classes " + file + ": " + where + ": \"id\" must be an integer, got " + id);
          }
          if (id.asInt() < 0) throw new UsageException("--classes " + file + ": " + where + ": \"id\" is negative");
          put(names, id.asInt(), n.get("name").asText(), file, where);
        } else {
          throw new UsageException("--classes " + file + ": " + where + ": expected a name or {\"id\": .., \"name\": ..}");
        }
      }
    } else if (root != null && root.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        String where = "key \"" + e.getKey() + "\"";
        if (!e.getValue().isTextual()) {
          throw new UsageException("--classes " + file + ": " + where + ": the name must be a string");
        }
        put(names, parseId(e.getKey(), file, where), e.getValue().asText(), file, where);
      }
    } else {
      throw new UsageException("--classes " + file + ": expected a JSON array or object of class names");
    }
    if (names.isEmpty()) throw new UsageException("--classes " + file + ": no classes");
    return names;
  }

  private static int parseId(String s, String file, String where) {
    try {
      int id = Integer.parseInt(s);
      if (id < 0) throw new NumberFormatException();
      return id;
    } catch (NumberFormatException e) {
      throw new UsageException("--classes " + file + ": " + where + ": \"" + s + "\" is not a class id (an integer >= 0)");
    }
  }

  private static void put(TreeMap<Integer, String> names, int id, String name, String file, String where) {
    if (names.put(id, name) != null) {
      throw new UsageException("--classes " + file + ": " + where + ": class id " + id + " is named twice");
    }
  }
}
