package dev.overlap.core.io;

/**
 * Bad user input, located: which file, which record (index or line) and which field.
 *
 * <p>The message is one line a user can act on without a stack trace, e.g.
 * {@code results.json: record 17: field "score": NaN is not a valid score}.
 */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String record;
  private final String field;
  private final String reason;

  /**
   * @param file the file (or path) the record came from; may be null when unknown
   * @param record where in the file, e.g. "record 17" or "line 3"; may be null
   * @param field the offending field, e.g. "bbox"; may be null
   * @param reason what is wrong, in one sentence without a trailing period
   */
  public InvalidInputException(String file, String record, String field, String reason) {
    super(format(file, record, field, reason));
    this.file = file;
    this.record = record;
    this.field = field;
    this.reason = reason;
  }

  /** Same as {@link #InvalidInputException(String, String, String, String)} keeping a cause. */
  public InvalidInputException(String file, String record, String field, String reason, Throwable cause) {
    super(format(file, record, field, reason), cause);
    this.file = file;
    this.record = record;
    this.field = field;
    this.reason = reason;
  }

  private static String format(String file, String record, String field, String reason) {
    StringBuilder b = new StringBuilder();
    if (file != null) b.append(file).append(": ");
    if (record != null) b.append(record).append(": ");
    if (field != null) b.append("field \"").append(field).append("\": ");
    b.append(reason);
    return b.toString();
  }

  public String file() { return file; }
  public String record() { return record; }
  public String field() { return field; }
  public String reason() { return reason; }
}
