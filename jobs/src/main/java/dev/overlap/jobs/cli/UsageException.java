package dev.overlap.jobs.cli;

/** A bad command line or configuration value; the message names the option and the value. */
public class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
