package dev.overlap.jobs.cli;

/** Console text helpers: input-supplied names are data, shown with control characters escaped. */
public final class Text {
  private Text() {}

  /** Escapes control characters (terminal escape sequences included) and truncates to {@code max} chars. */
  public static String safe(String s, int max) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    if (b.length() >= max && s.length() > max) {
      b.setLength(max - 1);
      b.append('~');
    }
    return b.toString();
  }

  private static final java.util.regex.Pattern USER_INFO =
      java.util.regex.Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)[^@/\\s]*(:[^@\\s]*)?@");

  /**
   * Credentials inside URIs anywhere in {@code s} ({@code s3a://KEY:SECRET@bucket/...}, secrets may
   * hold '/') shown as {@code s3a://***@bucket/...}.
   */
  public static String redact(String s) {
    if (s == null || s.indexOf('@') < 0) return s;
    return USER_INFO.matcher(s).replaceAll("$1***@");
  }

  /** Control characters (terminal escapes included) escaped as {@code \\uXXXX}, except newline and tab. */
  public static String escapeControls(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0);
      if (control && b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
      if (b == null) continue;
      if (control) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b == null ? s : b.toString();
  }

  public static String padRight(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  public static String padLeft(String s, int w) {
    return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
  }

  /** A metric to 3 decimals, or "-" when undefined (pycocotools' -1, or NaN). */
  public static String metric(double v) {
    if (!(v > -1) || Double.isNaN(v)) return "-";
    return String.format(java.util.Locale.ROOT, "%.3f", v);
  }
}
