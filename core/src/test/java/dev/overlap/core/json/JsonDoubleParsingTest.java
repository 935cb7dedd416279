package dev.overlap.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonReader#nextDouble()} against {@code Double.parseDouble}, bit for bit: correct rounding
 * is unique, so any difference is a bug in a fast path (Clinger's or Eisel-Lemire's). Inputs are
 * seeded, so a failure names a reproducible token.
 */
class JsonDoubleParsingTest {
  private static final BigDecimal HALF = new BigDecimal("0.5");
  private static final BigInteger TWO_TO_63 = BigInteger.ONE.shiftLeft(63);

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** One number as a whole document, read from a byte slice and from a stream. */
  private static void assertParsesLikeJava(String text) {
    long expected = Double.doubleToRawLongBits(Double.parseDouble(text));
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    JsonReader slice = new JsonReader(bytes, 0, bytes.length);
    assertEquals(expected, Double.doubleToRawLongBits(slice.nextDouble()), text);
    JsonReader stream = new JsonReader(new ByteArrayInputStream(bytes));
    assertEquals(expected, Double.doubleToRawLongBits(stream.nextDouble()), text);
  }

  /** All numbers as one JSON array (cheap per number), read from a byte slice. */
  private static void assertAllParseLikeJava(List<String> texts) {
    StringBuilder json = new StringBuilder(texts.size() * 24).append('[');
    for (int i = 0; i < texts.size(); i++) json.append(i == 0 ? "" : ",").append(texts.get(i));
    byte[] bytes = json.append(']').toString().getBytes(StandardCharsets.US_ASCII);
    JsonReader r = new JsonReader(bytes, 0, bytes.length);
    r.beginArray();
    for (String text : texts) {
      long expected = Double.doubleToRawLongBits(Double.parseDouble(text));
      long actual = Double.doubleToRawLongBits(r.nextDouble());
      if (expected != actual) assertEquals(Double.longBitsToDouble(expected), Double.longBitsToDouble(actual), text);
    }
    r.endArray();
    assertEquals(JsonToken.END_DOCUMENT, r.peek());
  }

  /**
   * {@code JsonReader.eiselLemire} on the exact decimal {@code d} (if its digits fit a positive
   * long): either NaN (undecided) or {@code Double.parseDouble}'s bits. Returns whether it decided.
   */
  private static boolean eiselLemireAgrees(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    BigInteger unscaled = s.unscaledValue().abs();
    if (unscaled.signum() == 0 || unscaled.compareTo(TWO_TO_63) >= 0) return false;
    double v = JsonReader.eiselLemire(unscaled.longValue(), -s.scale(), d.signum() < 0);
    if (Double.isNaN(v)) return false;
    String text = d.toString();
    assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(v), text);
    return true;
  }

  private static double randomFiniteDouble(SplittableRandom random) {
    double d;
    do {
      d = Double.longBitsToDouble(random.nextLong());
    } while (!Double.isFinite(d));
    return d;
  }

  /** {@code n} random digits, the first nonzero. */
  private static String randomDigits(SplittableRandom random, int n) {
    char[] c = new char[n];
    c[0] = (char) ('1' + random.nextInt(9));
    for (int i = 1; i < n; i++) c[i] = (char) ('0' + random.nextInt(10));
    return new String(c);
  }

  /** {@code digits} (d.ddd...) times 10^exp, written without an exponent. */
  private static String plain(String digits, int exp) {
    int n = digits.length();
    if (exp >= n - 1) return digits + "0".repeat(exp - n + 1);
    if (exp < 0) return "0." + "0".repeat(-exp - 1) + digits;
    return digits.substring(0, exp + 1) + "." + digits.substring(exp + 1);
  }

  // ---------------------------------------------------------------------------------------------
  // The table

  @Test
  void powerOfFiveTableMatchesPublishedEntries() {
    // Spot checks against fast_float's include/fast_float/fast_table.h (the first, -1, 0 and last
    // entries): the generator below q = -27, at q = -1 (rounded up) and both ends of q >= 0.
    assertEquals(0xeef453d6923bd65aL, JsonReader.powerOfFive128(-342)[0]);
    assertEquals(0x113faa2906a13b3fL, JsonReader.powerOfFive128(-342)[1]);
    assertEquals(0xccccccccccccccccL, JsonReader.powerOfFive128(-1)[0]);
    assertEquals(0xcccccccccccccccdL, JsonReader.powerOfFive128(-1)[1]);
    assertEquals(0x8000000000000000L, JsonReader.powerOfFive128(0)[0]);
    assertEquals(0L, JsonReader.powerOfFive128(0)[1]);
    assertEquals(0x8e679c2f5e44ff8fL, JsonReader.powerOfFive128(308)[0]);
    assertEquals(0x570f09eaa7ea7648L, JsonReader.powerOfFive128(308)[1]);
  }

  // ---------------------------------------------------------------------------------------------
  // Edges

  @ParameterizedTest
  @ValueSource(strings = {
    "0", "-0", "0.0", "-0.0", "0e400", "-0e400", "0e-400", "0.000e+5", "1e-400", "-1e-400",
    "4.9e-324", "4.9E-324", "5e-324", "2e-324", "3e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
    "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072013e-308", "2.2250738585072014e-308",
    "2.2250738585072014E-308", "2.225073858507201e-308", "2.2250738585072009e-308",
    "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "-1.7976931348623159e308",
    "1e308", "1e309", "9.999999999999999e307", "1e-342", "1e-343", "123456789012345678e-360",
    "9007199254740991", "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995",
    "9007199254740992e-3", "9007199254740993e-3", "18014398509481985", "18014398509481987",
    "123456789012345678", "-123456789012345678", "1234567890123456789", "12345678901234567890",
    "999999999999999999", "9999999999999999999", "0.000123456789012345678", "0.00012345678901234567",
    "1E+2", "1e-2", "1E2", "1e+0", "1e-0", "100e-2", "0.1", "0.2", "0.3", "0.30000000000000004",
    "412.83447265625", "0.9876543283462524", "1e22", "1e23", "-1e23", "8.988465674311579e307",
    "7.2057594037927933e16", "7.3177701707893310e15", "4503599627370496.5", "4503599627370497.5",
    "2251799813685248.25", "1125899906842624.125", "562949953421312.0625",
    "1.00000000000000011102230246251565404236316680908203125",
    "1.00000000000000011102230246251565404236316680908203124",
    "1.00000000000000011102230246251565404236316680908203126", "1.0000000000000001110223024625156540"
  })
  void edgeCasesParseLikeJava(String text) {
    assertParsesLikeJava(text);
    if (!text.startsWith("-")) assertParsesLikeJava("-" + text);
  }

  @Test
  void minAndMaxValueSpellingsParseLikeJava() {
    List<String> texts = new ArrayList<>();
    for (double d : new double[] {Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
        Math.nextUp(Double.MIN_NORMAL), Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), 1.0, Math.nextUp(1.0),
        Math.nextDown(1.0), 4096.0, Math.nextDown(4096.0)}) {
      BigDecimal exact = new BigDecimal(d);
      texts.add(Double.toString(d));
      texts.add(exact.toString());
      texts.add(exact.toPlainString());
      for (int p = 1; p <= 20; p++) {
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING, RoundingMode.HALF_EVEN}) {
          texts.add(exact.round(new MathContext(p, mode)).toString());
        }
      }
    }
    texts.add("2.2250738585072014e-308");
    texts.add("4.9e-324");
    assertAllParseLikeJava(texts);
  }

  // ---------------------------------------------------------------------------------------------
  // Random

  @Test
  void shortestReprsOfRandomDoublesParseLikeJava() {
    SplittableRandom random = new SplittableRandom(0x5EED_0001L);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      texts.add(Double.toString(randomFiniteDouble(random)));
      double unit = random.nextDouble();
      double box = random.nextDouble() * 4096;
      texts.add(Double.toString(unit));
      texts.add(Double.toString(-unit));
      texts.add(Double.toString(box));
      texts.add(Double.toString(-box));
      // What numpy's float32 scores look like after float(): 8-9 digits widened to 17.
      texts.add(Double.toString((double) (float) unit));
    }
    assertAllParseLikeJava(texts);
  }

  @Test
  void randomLongMantissasWithRandomExponentsParseLikeJava() {
    SplittableRandom random = new SplittableRandom(0x5EED_0002L);
    List<String> texts = new ArrayList<>();
    int n = 12_000;
    int decided = 0;
    for (int i = 0; i < n; i++) {
      String digits = randomDigits(random, 15 + random.nextInt(5));
      int exp = random.nextInt(-350, 321);
      String sign = random.nextBoolean() ? "-" : "";
      texts.add(sign + digits.charAt(0) + "." + digits.substring(1) + "e" + (exp < 0 ? "-" : "+") + Math.abs(exp));
      texts.add(sign + plain(digits, exp));
      // The algorithm itself on all 64-bit-ish mantissas, 19 digits included (the reader keeps 18).
      if (eiselLemireAgrees(new BigDecimal(sign + digits + "e" + (exp - digits.length() + 1)))) decided++;
    }
    assertAllParseLikeJava(texts);
    // Most exponents here are in the normal range (about 8% under- or overflow, 2% above 2^63).
    assertTrue(decided > 0.85 * n, "decided " + decided + " of " + n);
  }

  /** The exact midpoint between {@code d} and the next double up, rounded every way near 17-19 digits. */
  private static void addNearHalfway(double d, List<String> texts, int[] decided) {
    double up = Math.nextUp(d);
    if (!Double.isFinite(up)) return;
    BigDecimal mid = new BigDecimal(d).add(new BigDecimal(up)).multiply(HALF);
    texts.add(mid.toString());
    for (int p = 17; p <= 19; p++) {
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING, RoundingMode.HALF_EVEN}) {
        BigDecimal r = mid.round(new MathContext(p, mode));
        texts.add(r.toString());
        if (eiselLemireAgrees(r)) decided[0]++;
      }
    }
  }

  @Test
  void nearHalfwayInputsParseLikeJava() {
    SplittableRandom random = new SplittableRandom(0x5EED_0003L);
    List<String> texts = new ArrayList<>();
    int[] decided = {0};
    for (int i = 0; i < 5_000; i++) {
      // Whole-range midpoints have up to ~770 digits: costly to make and to parse, so fewer.
      if (i % 4 == 0) {
        double whole = Math.abs(randomFiniteDouble(random));
        addNearHalfway(random.nextBoolean() ? whole : -whole, texts, decided);
      }
      addNearHalfway(random.nextDouble() * (random.nextBoolean() ? 1 : 4096), texts, decided);
    }
    assertAllParseLikeJava(texts);
    assertTrue(decided[0] > 0);
  }

  /**
   * Decimals that are exactly halfway between two doubles and short enough for the fast path:
   * n * 2^s with n odd in (2^53, 2^54), n a multiple of 5^j so that n * 2^s has few digits (1e23 is
   * one: 5^23 * 2^23), and their neighbours one unit in the last digit away.
   */
  @Test
  void exactHalfwayDecimalsParseLikeJava() {
    SplittableRandom random = new SplittableRandom(0x5EED_0004L);
    List<String> texts = new ArrayList<>();
    BigInteger lowN = BigInteger.ONE.shiftLeft(53);
    for (int i = 0; i < 6_000; i++) {
      int j = random.nextInt(24);
      BigInteger p5 = BigInteger.valueOf(5).pow(j);
      // Odd k with k * 5^j in (2^53, 2^54).
      long kMin = lowN.divide(p5).longValue() + 1;
      long kMax = lowN.shiftLeft(1).subtract(BigInteger.ONE).divide(p5).longValue();
      long k = kMin >= kMax ? kMin : kMin + random.nextLong(kMax - kMin + 1);
      if ((k & 1) == 0) k = k + 1 <= kMax ? k + 1 : k - 1;
      BigInteger n = BigInteger.valueOf(k).multiply(p5);
      if (!n.testBit(0) || n.compareTo(lowN) <= 0 || n.bitLength() != 54) continue;
      int s = random.nextInt(-4, j + 4);
      BigDecimal v = s >= 0 ? new BigDecimal(n.shiftLeft(s)) : new BigDecimal(n).multiply(HALF.pow(-s));
      v = v.stripTrailingZeros();
      if (random.nextBoolean()) v = v.negate();
      // Neighbours at 18 digits, the most the reader keeps.
      BigDecimal wide = v.precision() < 18 ? v.setScale(v.scale() + 18 - v.precision()) : v;
      BigDecimal ulp = BigDecimal.ONE.scaleByPowerOfTen(-wide.scale());
      for (BigDecimal x : new BigDecimal[] {v, wide, wide.subtract(ulp), wide.add(ulp)}) {
        texts.add(x.toString());
        eiselLemireAgrees(x);
      }
    }
    texts.add("1e23");
    texts.add("100000000000000000000000");
    assertAllParseLikeJava(texts);
  }

  // ---------------------------------------------------------------------------------------------
  // The fast path is taken

  /**
   * Python writes box coordinates and scores as 16-17 digit shortest reprs; nearly all of them
   * must be decided by Eisel-Lemire (undecided ones cost a {@code Double.parseDouble} each).
   */
  @Test
  void eiselLemireDecidesNearlyAllTypicalNumbers() {
    SplittableRandom random = new SplittableRandom(0x5EED_0005L);
    int n = 20_000;
    int decided = 0;
    int clinger = 0;
    for (int i = 0; i < n; i++) {
      double d = random.nextDouble() * 4096;
      BigDecimal s = new BigDecimal(Double.toString(d)).stripTrailingZeros();
      long mantissa = s.unscaledValue().longValueExact();
      int exponent = -s.scale();
      if (mantissa <= (1L << 53) && exponent >= -22 && exponent <= 22) clinger++;
      double v = JsonReader.eiselLemire(mantissa, exponent, false);
      if (Double.isNaN(v)) continue;
      assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(v), s.toString());
      decided++;
    }
    assertTrue(decided > 0.99 * n, "decided " + decided + " of " + n);
    // And most of them are beyond Clinger's path: what the second fast path is for.
    assertTrue(clinger < n / 2, "Clinger's path takes " + clinger + " of " + n);
  }
}
