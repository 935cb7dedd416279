package dev.overlap.jobs.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file:}), with permissions set through java.nio where Hadoop's
 * native library is absent (as with Spark's Maven artifacts): Hadoop then runs a {@code chmod} process
 * for every folder and file a write creates, 41 processes per detection run, each a fork of a JVM of a
 * gigabyte. Everything else is Hadoop's: checksummed {@code .crc} files, rename and delete semantics.
 * {@code Sessions} installs it as {@code fs.file.impl} unless the user set one.
 */
public class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (checksum-free) side, which is where permissions are set. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      // sticky bits and other non-rwx bits, and file systems without POSIX attributes, stay with Hadoop
      Set<PosixFilePermission> posix = posix(permission);
      if (NativeIO.isAvailable() || posix == null) {
        super.setPermission(p, permission);
        return;
      }
      java.nio.file.Path file = pathToFile(p).toPath();
      try {
        Files.setPosixFilePermissions(file, posix);
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission);
      }
    }
  }

  /** The rwx bits as java.nio's set, or null when {@code permission} has bits java.nio cannot set. */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    if (permission.getStickyBit() || (permission.toShort() & ~0777) != 0) return null;
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    add(s, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE);
    add(s, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_EXECUTE);
    add(s, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE);
    return s;
  }

  private static void add(Set<PosixFilePermission> s, FsAction a, PosixFilePermission r, PosixFilePermission w,
      PosixFilePermission x) {
    if (a.implies(FsAction.READ)) s.add(r);
    if (a.implies(FsAction.WRITE)) s.add(w);
    if (a.implies(FsAction.EXECUTE)) s.add(x);
  }
}
