package dev.overlap.core.voc;

/** The PASCAL VOC interpolation: VOC2007's 11-point or VOC2010+'s all-point average precision. */
public enum VocProtocol {
  /** 11-point interpolated AP (VOC2007 test). */
  VOC07,
  /** All-point (area under the interpolated curve) AP, VOC2010 and later. */
  VOC12;

  /** The protocol named {@code voc07} or {@code voc12}. */
  public static VocProtocol parse(String s) {
    return switch (s) {
      case "voc07" -> VOC07;
      case "voc12" -> VOC12;
      default -> throw new IllegalArgumentException("expected voc07 or voc12, got \"" + s + "\"");
    };
  }

  /** The name used on the command line and in outputs. */
  public String label() {
    return this == VOC07 ? "voc07" : "voc12";
  }

  /** IoU thresholds {@code k / 100.0}, k = 50, 55, .., 95 (Detectron2; not numpy linspace). */
  public static double[] thresholds() {
    double[] t = new double[10];
    for (int i = 0; i < 10; i++) t[i] = (50 + 5 * i) / 100.0;
    return t;
  }
}
