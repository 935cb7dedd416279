package dev.overlap.core.json;

/** The kind of the next token of a {@link JsonReader}, as returned by {@link JsonReader#peek()}. */
public enum JsonToken {
  /** <code>{</code> */
  BEGIN_OBJECT,
  /** <code>}</code> */
  END_OBJECT,
  /** {@code [} */
  BEGIN_ARRAY,
  /** {@code ]} */
  END_ARRAY,
  /** A member name inside an object (the string before the {@code :}). */
  NAME,
  /** A string value. */
  STRING,
  /** A number, including the literals {@code NaN}, {@code Infinity} and {@code -Infinity}. */
  NUMBER,
  /** {@code true} */
  TRUE,
  /** {@code false} */
  FALSE,
  /** {@code null} */
  NULL,
  /** The end of the input, after the one top-level value. */
  END_DOCUMENT
}
