/**
 * A streaming JSON pull parser with no dependencies, for inputs too large to hold in memory.
 *
 * <p>Conventions, stated once for the package:
 * <ul>
 *   <li>Follows RFC 8259 (JSON) over UTF-8 (RFC 3629), with one extension: the literals
 *       {@code NaN}, {@code Infinity} and {@code -Infinity} that Python's {@code json.dump} writes
 *       are numbers, so that readers can reject them with a message naming the field.
 *   <li>Numbers read as doubles are exactly {@code Double.parseDouble} of their text, the correctly
 *       rounded value Python's {@code json} gives; integers are read into {@code long} only when
 *       the value is integral and in range.
 *   <li>Positions: lines and columns are 1-based, columns count bytes from the start of the line;
 *       byte offsets are 0-based from the start of the input (or of the {@code byte[]} slice).
 *   <li>Memory: a stream is read through one 64 KiB buffer that grows only for a single number
 *       longer than it; a slice is parsed in place. Skipping never materialises strings or numbers.
 *   <li>Malformed input throws {@link dev.overlap.core.json.JsonSyntaxException} with its position,
 *       for truncated input "unexpected end of input (truncated file?)"; never another exception.
 * </ul>
 */
package dev.overlap.core.json;
