package dev.overlap.core.png;

import dev.overlap.core.io.InvalidInputException;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes a PNG label map through {@code javax.imageio} (the JDK's {@code PNGImageReader}): the
 * test oracle for {@link LabelPngDecoder} and the speed baseline it is measured against.
 *
 * <p>Reads the raster's samples, never its colours: for palette images those are the indices.
 * Samples of 8 bits or fewer go to {@link LabelImage#bytes()}, 16-bit samples to
 * {@link LabelImage#shorts()}, as {@link LabelPngDecoder} does. Has no bomb guard of its own.
 */
public final class ImageIoLabelDecoder {
  private ImageIoLabelDecoder() {}

  /**
   * Decodes {@code png[off, off + len)} into {@code out} with the JDK's PNG reader.
   *
   * @param file names the input in error messages; may be null
   * @throws InvalidInputException if imageio cannot read it or the image has more than one band
   */
  public static void decode(byte[] png, int off, int len, String file, LabelImage out) {
    Objects.checkFromIndexSize(off, len, png.length);
    BufferedImage image = read(png, off, len, file);
    Raster raster = image.getRaster();
    if (raster.getNumBands() != 1) {
      throw new InvalidInputException(file, null, null, raster.getNumBands()
          + "-band image: label maps must be single-channel (grayscale or palette)");
    }
    int width = raster.getWidth();
    int height = raster.getHeight();
    SampleModel model = raster.getSampleModel();
    int bits = model.getSampleSize(0);
    DataBuffer buffer = raster.getDataBuffer();
    boolean tight = model instanceof ComponentSampleModel
        && ((ComponentSampleModel) model).getPixelStride() == 1
        && ((ComponentSampleModel) model).getScanlineStride() == width
        && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
    int n = width * height;
    if (bits <= 8) {
      byte[] dst = out.bytesFor(width, height);
      if (tight && buffer instanceof DataBufferByte) {
        System.arraycopy(((DataBufferByte) buffer).getData(), buffer.getOffset(), dst, 0, n);
      } else {
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
          raster.getSamples(0, y, width, 1, 0, row);
          for (int x = 0; x < width; x++) dst[y * width + x] = (byte) row[x];
        }
      }
    } else if (bits == 16) {
      short[] dst = out.shortsFor(width, height);
      if (tight && buffer instanceof DataBufferUShort) {
        System.arraycopy(((DataBufferUShort) buffer).getData(), buffer.getOffset(), dst, 0, n);
      } else {
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
          raster.getSamples(0, y, width, 1, 0, row);
          for (int x = 0; x < width; x++) dst[y * width + x] = (short) row[x];
        }
      }
    } else {
      throw new InvalidInputException(file, null, null, bits + "-bit samples are not supported");
    }
  }

  private static BufferedImage read(byte[] png, int off, int len, String file) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
    if (!readers.hasNext()) throw new IllegalStateException("no javax.imageio PNG reader");
    ImageReader reader = readers.next();
    // A memory cache, never ImageIO's default temporary file.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png, off, len))) {
      reader.setInput(in, true, true);
      return reader.read(0);
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(file, null, null, "unreadable PNG: " + e, e);
    } finally {
      reader.dispose();
    }
  }
}
