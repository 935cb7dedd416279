package dev.overlap.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overlap.jobs.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Permissions through java.nio are the ones Hadoop's chmod would set; the session installs the file system. */
class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path dir;

  /** "rwxr-x---" from the octal digits, as ls prints it: the naive reading of a mode. */
  static String rwx(int mode) {
    StringBuilder s = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int d = (mode >> shift) & 7;
      s.append((d & 4) != 0 ? 'r' : '-').append((d & 2) != 0 ? 'w' : '-').append((d & 1) != 0 ? 'x' : '-');
    }
    return s.toString();
  }

  @Test
  void everyRwxModeMapsAsItsOctalDigits() {
    for (int mode = 0; mode < 512; mode++) {
      assertEquals(PosixFilePermissions.fromString(rwx(mode)), NioLocalFileSystem.posix(new FsPermission((short) mode)),
          Integer.toOctalString(mode));
    }
    // the sticky bit is not java.nio's to set: left to Hadoop
    assertNull(NioLocalFileSystem.posix(new FsPermission((short) 01777)));
  }

  @Test
  void foldersAndFilesGetTheAskedModes() throws IOException {
    FileSystem fs = FileSystem.newInstance(dir.toUri(), SparkTestSession.get().sparkContext().hadoopConfiguration());
    try {
      assertInstanceOf(NioLocalFileSystem.class, fs);
      Path a = new Path(dir.toUri().toString(), "a/b");
      fs.mkdirs(a, new FsPermission((short) 0750));
      assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))));
      Path f = new Path(a, "f.txt");
      try (FSDataOutputStream out = fs.create(f, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
        out.write(1);
      }
      assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/f.txt"))));
      fs.setPermission(f, new FsPermission((short) 0604));
      assertEquals("rw----r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/f.txt"))));
      // a path that is not there fails as an IOException, as Hadoop's chmod does
      assertThrows(IOException.class, () -> fs.setPermission(new Path(a, "gone"), new FsPermission((short) 0644)));
    } finally {
      fs.close();
    }
  }
}
