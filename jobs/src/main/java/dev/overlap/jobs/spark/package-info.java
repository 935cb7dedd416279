/** SparkSession construction and step timing. */
package dev.overlap.jobs.spark;
