package dev.overlap.core.mask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader for test fixtures (objects to maps, arrays to lists, numbers to doubles),
 * so the copied reference files can be read without a runtime dependency.
 */
final class TinyJson {
  private final String s;
  private int p;

  private TinyJson(String s) {
    this.s = s;
  }

  static Object parse(String text) {
    TinyJson j = new TinyJson(text);
    Object v = j.value();
    j.skip();
    if (j.p != text.length()) {
      throw new IllegalArgumentException("trailing text at " + j.p);
    }
    return v;
  }

  private void skip() {
    while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
      p++;
    }
  }

  private Object value() {
    skip();
    char c = s.charAt(p);
    if (c == '{') {
      Map<String, Object> map = new LinkedHashMap<>();
      p++;
      skip();
      if (s.charAt(p) == '}') {
        p++;
        return map;
      }
      while (true) {
        skip();
        String key = string();
        skip();
        expect(':');
        map.put(key, value());
        skip();
        if (s.charAt(p++) == '}') {
          return map;
        }
      }
    }
    if (c == '[') {
      List<Object> list = new ArrayList<>();
      p++;
      skip();
      if (s.charAt(p) == ']') {
        p++;
        return list;
      }
      while (true) {
        list.add(value());
        skip();
        if (s.charAt(p++) == ']') {
          return list;
        }
      }
    }
    if (c == '"') {
      return string();
    }
    int start = p;
    while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) {
      p++;
    }
    if (start == p) {
      throw new IllegalArgumentException("unexpected '" + c + "' at " + p);
    }
    return Double.parseDouble(s.substring(start, p));
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = s.charAt(p++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        char e = s.charAt(p++);
        switch (e) {
          case 'n': b.append('\n'); break;
          case 't': b.append('\t'); break;
          case 'u': b.append((char) Integer.parseInt(s.substring(p, p + 4), 16)); p += 4; break;
          default: b.append(e);
        }
      } else {
        b.append(c);
      }
    }
  }

  private void expect(char c) {
    if (s.charAt(p) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + p);
    }
    p++;
  }
}
