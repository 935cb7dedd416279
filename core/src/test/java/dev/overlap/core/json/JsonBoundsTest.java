package dev.overlap.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What one value may cost: an endless stream of '[' or an endless string (what a 2 MB gzip inflates
 * to) ends in a located syntax error after a bounded amount of memory, not in an exhausted heap.
 */
class JsonBoundsTest {
  /** {@code prefix} then {@code fill} repeated forever. */
  static InputStream endless(String prefix, byte fill) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      long pos;

      @Override
      public int read() {
        return pos < p.length ? p[(int) pos++] : fill;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) b[off + i] = (byte) read();
        return len;
      }
    };
  }

  @Test
  void endlessNestingStopsAtTheDepthLimitWithItsPosition() {
    JsonSyntaxException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(JsonSyntaxException.class, () -> {
      try (JsonReader r = new JsonReader(endless("", (byte) '['))) {
        r.skipValue();
      }
    }));
    assertEquals("nesting deeper than 1000 levels", e.reason());
    assertEquals(1, e.line());
    assertEquals(1001, e.column(), e.getMessage());
  }

  @Test
  void endlessStringStopsAtTheTokenLimit() {
    JsonSyntaxException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(JsonSyntaxException.class, () -> {
      try (JsonReader r = new JsonReader(endless("[\"", (byte) 'a'))) {
        r.beginArray();
        r.nextString();
      }
    }));
    assertEquals("a single token longer than 64 MiB", e.reason());
  }

  @Test
  void nestingAtTheLimitIsRead() {
    String json = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
    try (JsonReader r = new JsonReader(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.US_ASCII)))) {
      r.skipValue();
      assertEquals(JsonToken.END_DOCUMENT, r.peek());
    }
    String deeper = "[" + json + "]";
    assertThrows(JsonSyntaxException.class, () -> {
      try (JsonReader r = new JsonReader(new java.io.ByteArrayInputStream(deeper.getBytes(StandardCharsets.US_ASCII)))) {
        r.skipValue();
      }
    });
  }
}
