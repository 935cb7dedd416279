/**
 * Hadoop file system access for both jobs (local, s3a, hdfs): listing inputs in path order, opening
 * (with decompression), byte-range line reading, and writing run-partitioned tables and small files.
 */
package dev.overlap.jobs.io;
