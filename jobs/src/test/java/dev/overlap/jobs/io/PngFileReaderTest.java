package dev.overlap.jobs.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.png.LabelPngDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local maps read without Hadoop: the bytes as on disk, the header checked first, failures in one line. */
class PngFileReaderTest {
  @TempDir Path tmp;

  private final PngFileReader reader = new PngFileReader(new HadoopConf(new Configuration()));

  private static final PngFileReader.HeaderCheck HEADER =
      (png, len, name) -> LabelPngDecoder.readHeader(png, 0, len, name);

  @Test
  void readsALocalFileWholeIntoAGrowingBuffer() throws Exception {
    Path src = Path.of("../testdata/reference/panoptic-small/gt");
    Path png;
    try (var files = Files.list(src)) {
      png = files.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
    }
    byte[] want = Files.readAllBytes(png);
    String uri = png.toAbsolutePath().toUri().toString(); // file:///..., as the jobs qualify paths
    byte[] buf = reader.read(uri, "map.png", want.length, new byte[64], HEADER);
    assertEquals(want.length, reader.length());
    assertArrayEquals(want, Arrays.copyOf(buf, reader.length()));
    assertEquals(LabelPngDecoder.readHeader(want, 0, want.length, "x").width(), reader.header().width());
  }

  @Test
  void aFileGoneSinceTheListingIsOneLine() {
    String uri = tmp.resolve("gone.png").toUri().toString();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> reader.read(uri, "gone.png", 100, new byte[64], HEADER));
    assertEquals("gone.png: cannot be read: no such file", e.getMessage());
  }

  @Test
  void aFileThatIsNoPngIsRefusedByTheHeaderCheck() throws Exception {
    Path notPng = tmp.resolve("a.png");
    Files.writeString(notPng, "this is text, not a PNG, and long enough to hold a header");
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> reader.read(notPng.toUri().toString(), "a.png", Files.size(notPng), new byte[64], HEADER));
    assertEquals("a.png", e.getMessage().substring(0, 5));
  }
}
