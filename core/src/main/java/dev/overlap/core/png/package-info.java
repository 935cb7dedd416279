/**
 * Reading PNG label maps: single-channel images whose sample values are class ids.
 *
 * <p>Conventions, stated once for the package:
 * <ul>
 *   <li>Follows the PNG specification (W3C, Portable Network Graphics, 2nd/3rd edition): chunk
 *       layout, IHDR fields, the five scanline filters (§9) and Adam7 interlacing (§8).
 *   <li>Only colour type 0 (grayscale, bit depth 1, 2, 4, 8, 16) and colour type 3 (palette, bit
 *       depth 1, 2, 4, 8) are label maps. For a palette image the <em>index</em> is the class id;
 *       the palette's colours are never looked at. Grayscale samples are taken as stored, never
 *       rescaled (a 4-bit sample 5 is label 5). RGB, RGBA and gray+alpha are rejected as label maps.
 *   <li>Segment-id maps (COCO panoptic format) are the exception: 8-bit RGB or RGBA, where a pixel's
 *       id is {@code R + 256 G + 256^2 B} (panopticapi {@code rgb2id}; alpha ignored), decoded by
 *       {@link dev.overlap.core.png.LabelPngDecoder#decodeSegmentIds} into an {@code int[]}
 *       ({@link dev.overlap.core.png.LabelImage#ints()}), never into per-pixel objects.
 *   <li>{@link dev.overlap.core.png.LabelImage} holds labels row-major ({@code y * width + x}):
 *       bit depths 1..8 in a {@code byte[]} (read as {@code b & 0xFF}), bit depth 16 in a
 *       {@code short[]} (read as {@code s & 0xFFFF}). Buffers are owned by the caller and reused.
 *   <li>Every rejection is an {@link dev.overlap.core.io.InvalidInputException} naming the file,
 *       one line, never another unchecked exception.
 *   <li>Safety: the pixel count declared by IHDR is checked against a limit before anything is
 *       inflated, and inflation writes into a buffer sized from the header, so a file can never
 *       make the decoder inflate more than the image needs.
 * </ul>
 *
 * <p>Row streams ({@link dev.overlap.core.png.LabelPngDecoder#beginRows}) hand out 8-bit
 * sequential maps one reconstructed row at a time, so that a consumer (confusion counting) reads
 * each row while it is in cache. They inflate with {@code WholeInflater}, a DEFLATE decoder that
 * copies label-map matches with {@code System.arraycopy}, and fall back to
 * {@link java.util.zip.Inflater} for any stream it does not vouch for: zlib's verdict and messages
 * are the reference.
 *
 * <p>{@link dev.overlap.core.png.ImageIoLabelDecoder} decodes the same files through
 * {@code javax.imageio}; it is the test oracle and the speed baseline.
 */
package dev.overlap.core.png;
