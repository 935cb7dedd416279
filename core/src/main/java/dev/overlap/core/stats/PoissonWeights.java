package dev.overlap.core.stats;

import java.nio.charset.StandardCharsets;

/**
 * Poisson(1) bootstrap weights from a counter-based generator: {@code weight(seed, key, r)} is a pure function of
 * its arguments. An image's key is {@link #keyOf(String)} of its id as text (numeric ids in decimal, so a
 * numeric id and the same id written as a string get the same weights).
 *
 * <p>The generator hashes (seed, key, replicate) with SplitMix64's finaliser in three rounds, takes 53 bits as a
 * uniform double u in [0, 1), and returns the smallest k with u < P(X <= k) for X ~ Poisson(1) (inversion).
 */
public final class PoissonWeights {
  private PoissonWeights() {}

  /** P(X <= k) for X ~ Poisson(1), k = 0..MAX_TABLE-1; beyond, the tail is summed on demand. */
  private static final int MAX_TABLE = 24;
  private static final double[] CDF = new double[MAX_TABLE];

  static {
    double p = StrictMath.exp(-1.0);
    double c = 0;
    for (int k = 0; k < MAX_TABLE; k++) {
      c += p;
      CDF[k] = c;
      p /= k + 1;
    }
  }

  /** The weight of the image with key {@code key} in replicate {@code replicate} (0-based) under {@code seed}. */
  public static int weight(long seed, long key, int replicate) {
    long h = mix(seed + 0x9E3779B97F4A7C15L);
    h = mix(h ^ key);
    h = mix(h ^ (replicate * 0xD1B54A32D192ED03L + 0x2545F4914F6CDD1DL));
    double u = (h >>> 11) * 0x1.0p-53;
    for (int k = 0; k < MAX_TABLE; k++) if (u < CDF[k]) return k;
    // u at or above the table's last cumulative value (probability below 1e-23): the table's cap
    return MAX_TABLE;
  }

  /** Writes the weights of replicates {@code 0..replicates-1} of one image into {@code out}. */
  public static void weights(long seed, long key, int replicates, int[] out) {
    for (int r = 0; r < replicates; r++) out[r] = weight(seed, key, r);
  }

  /** The key of an image id given as text: FNV-1a over its UTF-8 bytes, then mixed. */
  public static long keyOf(String imageId) {
    byte[] b = imageId.getBytes(StandardCharsets.UTF_8);
    long h = 0xCBF29CE484222325L;
    for (byte x : b) {
      h ^= x & 0xFF;
      h *= 0x100000001B3L;
    }
    return mix(h);
  }

  /** The key of a numeric image id: the key of its decimal text. */
  public static long keyOf(long imageId) {
    return keyOf(Long.toString(imageId));
  }

  /** SplitMix64's finaliser (Stafford's variant 13): a bijection on 64-bit values with full avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
