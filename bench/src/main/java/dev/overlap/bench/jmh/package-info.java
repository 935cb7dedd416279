/**
 * JMH benchmarks of the core kernels, one kernel per {@code @Benchmark}, data made in {@code @Setup}
 * from the seeded generators. Each class's documentation names the design choice its numbers inform.
 *
 * <pre>
 * mvn -B -ntp -Pbench -pl bench -am -DskipTests package
 * java -jar bench/target/overlap-bench.jar                 # all, ~10 minutes
 * java -jar bench/target/overlap-bench.jar BoxIou -f 1     # one class (regex), one fork
 * java -jar bench/target/overlap-bench.jar -l              # list
 * </pre>
 */
package dev.overlap.bench.jmh;
