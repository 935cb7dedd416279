package dev.overlap.core.json;

/**
 * Input that is not JSON, located: {@code expected ',' or ']' but found 'x' at line 3 column 17}.
 *
 * <p>Thrown by {@link JsonReader} for malformed or truncated input. After it the reader is in an
 * undefined state and must not be used further.
 */
public final class JsonSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final long line;
  private final long column;
  private final long byteOffset;

  /**
   * @param reason what was expected and what was found, without position and trailing period
   * @param line 1-based line of the offending byte
   * @param column 1-based column of the offending byte, counted in bytes from the line start
   * @param byteOffset 0-based offset of the offending byte from the start of the input
   */
  public JsonSyntaxException(String reason, long line, long column, long byteOffset) {
    super(reason + " at line " + line + " column " + column);
    this.reason = reason;
    this.line = line;
    this.column = column;
    this.byteOffset = byteOffset;
  }

  /** What went wrong, without the position. */
  public String reason() { return reason; }

  /** 1-based line of the offending byte. */
  public long line() { return line; }

  /** 1-based column of the offending byte, in bytes. */
  public long column() { return column; }

  /** 0-based offset of the offending byte from the start of the input (or of the slice). */
  public long byteOffset() { return byteOffset; }
}
