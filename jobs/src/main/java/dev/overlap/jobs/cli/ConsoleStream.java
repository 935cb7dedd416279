package dev.overlap.jobs.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What a command prints, made safe for a terminal line by line: control characters from file names,
 * class names or messages escaped ({@link Text#escapeControls}), credentials in URIs redacted
 * ({@link Text#redact}). Every command's stdout and stderr go through one, so no single print site
 * can forget it.
 */
public final class ConsoleStream extends OutputStream {
  private final PrintStream target;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

  private ConsoleStream(PrintStream target) {
    this.target = target;
  }

  /** A UTF-8 print stream over {@code target} that filters each line (autoflush on newline). */
  public static PrintStream wrap(PrintStream target) {
    return new PrintStream(new ConsoleStream(target), true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    line.write(b);
    if (b == '\n') emit();
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        line.write(b, start, i + 1 - start);
        emit();
        start = i + 1;
      }
    }
    line.write(b, start, off + len - start);
  }

  @Override
  public synchronized void flush() {
    emit();
    target.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  private void emit() {
    if (line.size() == 0) return;
    String s = line.toString(StandardCharsets.UTF_8);
    line.reset();
    target.print(Text.escapeControls(Text.redact(s)));
  }
}
