package io.tributary.source.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads confined to a folder: links, hard links, FIFOs and odd paths are refused, files are read.
 */
class ConfinedFolderTest {

  @TempDir Path tmp;
  Path root;
  Path outside;

  @BeforeEach
  void folders() throws IOException {
    root = Files.createDirectories(tmp.resolve("share"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "outside secret", StandardCharsets.UTF_8);
  }

  private ConfinedFolder.Content read(String relative, long maxBytes) throws Exception {
    try (ConfinedFolder folder = ConfinedFolder.open(root)) {
      return folder.read(Path.of(relative), maxBytes);
    }
  }

  @Test
  void should_read_a_regular_file_in_a_sub_folder() throws Exception {
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/doc.txt"), "inside", StandardCharsets.UTF_8);

    ConfinedFolder.Content content = read("a/b/doc.txt", 100);

    assertThat(new String(content.bytes(), StandardCharsets.UTF_8)).isEqualTo("inside");
    assertThat(content.size()).isEqualTo(6);
  }

  @Test
  void should_give_the_size_and_no_bytes_when_the_file_is_over_the_limit() throws Exception {
    Files.writeString(root.resolve("big.txt"), "0123456789", StandardCharsets.UTF_8);

    assertThat(read("big.txt", 9))
        .satisfies(
            c -> {
              assertThat(c.bytes()).isEmpty();
              assertThat(c.size()).isEqualTo(10);
            });
    assertThat(read("big.txt", 10).bytes()).hasSize(10);
  }

  @Test
  void should_refuse_a_symbolic_link_to_a_file_outside() throws Exception {
    Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));

    assertThatThrownBy(() -> read("link.txt", 100))
        .isInstanceOf(ConfinedFolder.Refused.class)
        .hasMessageContaining("symbolic link");
  }

  @Test
  void should_refuse_a_folder_on_the_path_that_is_a_symbolic_link() throws Exception {
    Files.createSymbolicLink(root.resolve("sub"), outside);

    assertThatThrownBy(() -> read("sub/secret.txt", 100))
        .isInstanceOf(ConfinedFolder.Refused.class)
        .hasMessageContaining("a folder on its path is a symbolic link");
  }

  @Test
  void should_refuse_a_hard_link() throws Exception {
    Files.createLink(root.resolve("hard.txt"), outside.resolve("secret.txt"));

    assertThatThrownBy(() -> read("hard.txt", 100))
        .isInstanceOf(ConfinedFolder.Refused.class)
        .hasMessageContaining("2 hard links");
  }

  @Test
  void should_refuse_a_fifo_without_opening_it() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();

    // opening a FIFO with no writer blocks: the refusal must come from the check, not the open
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(() -> read("pipe", 100))
                .isInstanceOf(ConfinedFolder.Refused.class)
                .hasMessageContaining("not a regular file"));
  }

  @Test
  void should_refuse_a_folder_and_paths_that_leave_the_folder() throws Exception {
    Files.createDirectories(root.resolve("dir"));

    assertThatThrownBy(() -> read("dir", 100)).isInstanceOf(ConfinedFolder.Refused.class);
    assertThatThrownBy(() -> read("../outside/secret.txt", 100))
        .isInstanceOf(ConfinedFolder.Refused.class);
    assertThatThrownBy(() -> read(outside.resolve("secret.txt").toString(), 100))
        .isInstanceOf(ConfinedFolder.Refused.class);
  }

  @Test
  void should_fail_with_an_io_error_for_a_file_that_is_gone() {
    assertThatThrownBy(() -> read("gone.txt", 100)).isInstanceOf(NoSuchFileException.class);
  }
}
