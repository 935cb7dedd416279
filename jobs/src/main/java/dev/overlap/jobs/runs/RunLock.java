package dev.overlap.jobs.runs;

import dev.overlap.jobs.cli.UsageException;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.Outputs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The right to write one run of one job under {@code --out}: two attempts with the same run id at
 * the same time would each replace the other's table partitions, leaving rows of both. The attempt
 * that takes the lock writes; the other fails in one line before it writes anything.
 *
 * <p>The lock is {@code out/_locks/<run_id>.<job>.lock}. On a local disk it is an operating-system
 * lock on that file, released by the kernel when the holder's process ends, killed or not. On other
 * file systems (HDFS, object stores), which have no such lock, it is a lease: the file names its
 * holder and is rewritten every {@link #HEARTBEAT_MS}; a file not rewritten for {@link #LEASE_MS}
 * belongs to an attempt that died, and is taken over. There, two attempts started within the same
 * instant can both see the lock free (an object store has no atomic create); after writing, each
 * reads the file back and only the one whose name it holds goes on.
 */
final class RunLock implements AutoCloseable {
  static final String FOLDER = "_locks";
  static final long HEARTBEAT_MS = 10_000;
  static final long LEASE_MS = 60_000;

  private final String owner;
  private final FileChannel channel;
  private final FileLock lock;
  private final FileSystem fs;
  private final Path path;
  private final Thread heartbeat;

  private RunLock(String owner, FileChannel channel, FileLock lock, FileSystem fs, Path path, Thread heartbeat) {
    this.owner = owner;
    this.channel = channel;
    this.lock = lock;
    this.fs = fs;
    this.path = path;
    this.heartbeat = heartbeat;
  }

  /** The lock file of a run and job. */
  static Path path(String out, String runId, String job) {
    return new Path(Outputs.child(Outputs.child(out, FOLDER), runId + "." + job + ".lock"));
  }

  /**
   * Takes the lock, or fails with a {@link UsageException} naming the run and the holder.
   *
   * @param job the job label, e.g. "detection-bbox"
   */
  static RunLock acquire(Configuration conf, String out, String runId, String job) {
    Path p = path(out, runId, job);
    String owner = ManagementFactory.getRuntimeMXBean().getName() + " since " + Instant.now() + " ("
        + UUID.randomUUID() + ")";
    try {
      FileSystem fs = p.getFileSystem(conf);
      if ("file".equals(fs.getUri().getScheme())) return local(java.nio.file.Path.of(fs.makeQualified(p).toUri()), owner, out, runId, job);
      return lease(fs, p, owner, out, runId, job);
    } catch (IOException e) {
      throw new UncheckedIOException(HadoopFiles.display(p.toString()) + ": " + e.getMessage(), e);
    }
  }

  private static RunLock local(java.nio.file.Path file, String owner, String out, String runId, String job)
      throws IOException {
    Files.createDirectories(file.getParent());
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null; // held by another attempt in this JVM
    }
    if (l == null) {
      String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
      ch.close();
      throw busy(out, runId, job, holder);
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
    ch.force(false);
    return new RunLock(owner, ch, l, null, null, null);
  }

  private static RunLock lease(FileSystem fs, Path p, String owner, String out, String runId, String job)
      throws IOException {
    if (fs.exists(p)) {
      FileStatus st = fs.getFileStatus(p);
      if (System.currentTimeMillis() - st.getModificationTime() < LEASE_MS) throw busy(out, runId, job, read(fs, p));
    }
    write(fs, p, owner);
    String now = read(fs, p);
    if (!owner.equals(now)) throw busy(out, runId, job, now);
    Thread t = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(HEARTBEAT_MS);
          if (!owner.equals(read(fs, p))) return;
          write(fs, p, owner);
        }
      } catch (InterruptedException | IOException e) {
        // the lease lapses; the run goes on (its outputs are complete or marked running)
      }
    }, "overlap-run-lease");
    t.setDaemon(true);
    t.start();
    return new RunLock(owner, null, null, fs, p, t);
  }

  private static UsageException busy(String out, String runId, String job, String holder) {
    return new UsageException("run " + runId + " of " + job + " is being written under " + HadoopFiles.display(out)
        + " by another attempt" + (holder.isEmpty() ? "" : " (" + holder + ")") + "; wait for it to end, or give"
        + " this one another --run-id");
  }

  private static void write(FileSystem fs, Path p, String owner) throws IOException {
    try (OutputStream o = fs.create(p, true)) {
      o.write(owner.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String read(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (java.io.FileNotFoundException e) {
      return "";
    }
  }

  /**
   * Releases the lock. The local file stays (deleting it while another attempt waits to lock it
   * would let a third lock a new file of the same name); a lease file is removed.
   */
  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
        channel.close();
      } else {
        heartbeat.interrupt();
        if (owner.equals(read(fs, path))) fs.delete(path, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
