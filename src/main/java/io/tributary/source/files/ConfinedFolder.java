package io.tributary.source.files;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An open folder from which files are read without leaving it: the read side of a directory source,
 * shared by the sync and by the reindex of synced files.
 *
 * <p>The folder is opened once (following links: its path is configuration, chosen by the
 * operator). Every file below it is then reached from that open handle, one name at a time, with
 * {@link SecureDirectoryStream} (the JDK's race-free {@code openat}): each folder on the way is
 * opened with {@code NOFOLLOW_LINKS} relative to the handle of its parent, so a folder swapped for
 * a symbolic link at any moment makes the read fail instead of leaving the folder; the file itself
 * is opened with {@code NOFOLLOW_LINKS} relative to its parent's handle, and its bytes are read
 * from that same channel.
 *
 * <p>What is guaranteed:
 *
 * <ul>
 *   <li>no symbolic link is followed below the folder, whenever it is swapped in: the bytes come
 *       from an entry of a folder reached from the root's handle by real folders only;
 *   <li>an absolute path, or one with a {@code .} or {@code ..} part, is refused;
 *   <li>a file that is not regular (folder, FIFO, device, socket) is refused before it is opened,
 *       so a FIFO found by the check is never opened (opening one would block);
 *   <li>a file with more than one hard link is refused: a hard link to a file outside the folder
 *       cannot be told apart from a file inside;
 *   <li>at most {@code maxBytes + 1} bytes are read.
 * </ul>
 *
 * <p>Limits, stated honestly: Java cannot read the attributes of an open file's handle ({@code
 * fstat}) without native code. Each folder on the way is verified by its handle, but the file's
 * type and link count are checked by its name in the (already pinned) parent, before and after the
 * open, and both checks must see the same file (device and inode). Someone who can write to the
 * folder and swaps a name twice within the microseconds of the open could still make it open a FIFO
 * (the read blocks) or another hard link. Such a hard link is on the same file system and, with
 * Linux's default {@code fs.protected_hardlinks=1}, only to a file its maker owns or may read and
 * write. Platforms without {@link SecureDirectoryStream} and the {@code unix} attribute view
 * (Windows) are refused by {@link #open}.
 *
 * <p>Not thread-safe: one sync or one reindex read uses one instance, then closes it.
 */
public final class ConfinedFolder implements Closeable {

  /** A file's bytes; empty when the file is larger than the limit and was not read whole. */
  public record Content(byte[] bytes, long size) {
    public Content {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /** A file refused for what it is (link, not regular, hard link, odd path), with the reason. */
  public static final class Refused extends Exception {
    public Refused(String reason) {
      super(reason);
    }
  }

  private static final int CHUNK = 64 * 1024;

  private final Path root;
  private final SecureDirectoryStream<Path> handle;

  private ConfinedFolder(Path root, SecureDirectoryStream<Path> handle) {
    this.root = root;
    this.handle = handle;
  }

  /**
   * Opens a folder.
   *
   * @throws UnsupportedOperationException when the platform cannot open files relative to a folder
   *     handle; nothing can be read safely there
   * @throws IOException when the folder cannot be opened
   */
  public static ConfinedFolder open(Path root) throws IOException {
    if (!root.getFileSystem().supportedFileAttributeViews().contains("unix")) {
      throw new UnsupportedOperationException(
          "this platform has no unix file attributes (link counts)");
    }
    DirectoryStream<Path> stream = Files.newDirectoryStream(root);
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return new ConfinedFolder(root, secure);
    }
    stream.close();
    throw new UnsupportedOperationException(
        "this platform cannot open files relative to a folder handle");
  }

  /**
   * Reads a file of the folder.
   *
   * @param relativePath the file's path below the folder
   * @param maxBytes the most bytes to read; a larger file is given as its size and no bytes
   * @throws Refused when the file is not one to read (see the class description)
   * @throws IOException when it cannot be read now (gone, locked, no permission)
   */
  public Content read(Path relativePath, long maxBytes) throws Refused, IOException {
    List<Path> names = names(relativePath);
    List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
    try {
      SecureDirectoryStream<Path> dir = handle;
      for (Path name : names.subList(0, names.size() - 1)) {
        dir = enter(dir, name);
        opened.add(dir);
      }
      return readFile(dir, names.get(names.size() - 1), relativePath, maxBytes);
    } finally {
      for (SecureDirectoryStream<Path> d : opened) {
        d.close();
      }
    }
  }

  private static List<Path> names(Path relativePath) throws Refused {
    if (relativePath.isAbsolute()
        || relativePath.getNameCount() == 0
        || relativePath.getFileName().toString().isEmpty()) {
      throw new Refused("its path is not below the folder");
    }
    List<Path> names = new ArrayList<>();
    for (Path name : relativePath) {
      if (name.toString().equals(".") || name.toString().equals("..")) {
        throw new Refused("its path has a '.' or '..' part");
      }
      names.add(name);
    }
    return names;
  }

  /**
   * Opens a sub-folder by its handle, never through a link, and checks the handle is that folder.
   */
  private static SecureDirectoryStream<Path> enter(SecureDirectoryStream<Path> dir, Path name)
      throws Refused, IOException {
    BasicFileAttributes seen = stat(dir, name);
    if (seen.isSymbolicLink()) {
      throw new Refused("a folder on its path is a symbolic link");
    }
    if (!seen.isDirectory()) {
      throw new Refused("a part of its path is not a folder");
    }
    SecureDirectoryStream<Path> sub;
    try {
      sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      if (stat(dir, name).isSymbolicLink()) {
        throw new Refused(
            "a folder on its path was replaced by a symbolic link while it was opened");
      }
      throw e;
    }
    // the handle's own attributes (fstat): the folder entered is the one checked
    BasicFileAttributes opened =
        sub.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
    if (!opened.isDirectory() || !Objects.equals(opened.fileKey(), seen.fileKey())) {
      sub.close();
      throw new Refused("a folder on its path was replaced while it was opened");
    }
    return sub;
  }

  private Content readFile(
      SecureDirectoryStream<Path> dir, Path name, Path relativePath, long maxBytes)
      throws Refused, IOException {
    BasicFileAttributes before = regularFile(stat(dir, name));
    long links = linkCount(relativePath, before);
    if (links > 1) {
      throw new Refused(
          "it has "
              + links
              + " hard links: a hard link to a file outside the folder cannot be"
              + " told apart from a file inside");
    }
    if (before.size() > maxBytes) {
      return new Content(new byte[0], before.size());
    }
    SeekableByteChannel channel;
    try {
      channel =
          dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      if (stat(dir, name).isSymbolicLink()) {
        throw new Refused("it was replaced by a symbolic link while it was opened");
      }
      throw e;
    }
    try (channel) {
      BasicFileAttributes after = regularFile(stat(dir, name));
      if (!Objects.equals(after.fileKey(), before.fileKey())) {
        throw new Refused("it was replaced while it was opened");
      }
      return readAtMost(channel, maxBytes);
    }
  }

  private static BasicFileAttributes regularFile(BasicFileAttributes attrs) throws Refused {
    if (attrs.isSymbolicLink()) {
      throw new Refused("it is a symbolic link (links are not followed)");
    }
    if (attrs.isDirectory()) {
      throw new Refused("it is a folder, not a regular file");
    }
    if (!attrs.isRegularFile()) {
      throw new Refused("it is not a regular file (a FIFO, device or socket)");
    }
    return attrs;
  }

  /**
   * The link count, read by path (the pinned handle offers no {@code nlink}); it counts only when
   * the path names the same file as the pinned check, which is verified by device and inode.
   */
  private long linkCount(Path relativePath, BasicFileAttributes pinned)
      throws Refused, IOException {
    Map<String, Object> attrs =
        Files.readAttributes(
            root.resolve(relativePath), "unix:nlink,fileKey", LinkOption.NOFOLLOW_LINKS);
    if (!Objects.equals(attrs.get("fileKey"), pinned.fileKey())) {
      throw new Refused("it was replaced while it was checked");
    }
    return ((Number) attrs.get("nlink")).longValue();
  }

  private static BasicFileAttributes stat(SecureDirectoryStream<Path> dir, Path name)
      throws IOException {
    return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .readAttributes();
  }

  /**
   * Reads to the end, or stops after {@code maxBytes + 1} bytes: a file that grew is still refused.
   */
  private static Content readAtMost(SeekableByteChannel channel, long maxBytes) throws IOException {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.min(channel.size() + 1, CHUNK * 16L));
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    long total = 0;
    while (total <= maxBytes) {
      buffer.clear().limit((int) Math.min(CHUNK, maxBytes + 1 - total));
      int n = channel.read(buffer);
      if (n < 0) {
        return new Content(out.toByteArray(), total);
      }
      out.write(buffer.array(), 0, n);
      total += n;
    }
    return new Content(new byte[0], total);
  }

  @Override
  public void close() throws IOException {
    handle.close();
  }
}
