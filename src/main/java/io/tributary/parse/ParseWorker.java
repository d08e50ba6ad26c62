package io.tributary.parse;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.tika.parser.AutoDetectParser;

/**
 * The child JVM that parses files for the service ({@link ParseWorkers} starts it with the
 * service's own classpath): reads requests on stdin, answers on stdout ({@link WorkerProtocol}),
 * one file at a time, until stdin closes. A parser that loops or exhausts the heap takes only this
 * process down; the service kills it at the time limit and starts another. Plain Java, no Quarkus:
 * it starts in well under a second.
 */
public final class ParseWorker {

  private ParseWorker() {}

  public static void main(String[] args) throws IOException {
    System.exit(serve(new TikaExtractor(new AutoDetectParser())));
  }

  /** Serves requests until stdin closes; the exit status. Tests call it with their own parser. */
  static int serve(TikaExtractor extractor) throws IOException {
    // stdout is the protocol: whatever a library prints goes to stderr instead
    DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    System.setOut(System.err);
    DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
    exitWhenParentDies();
    // load Tika's registry and the text path before saying ready, so the first file pays no
    // start-up
    extractor.extract(
        "warm".getBytes(StandardCharsets.UTF_8),
        "warm.txt",
        new ParseLimits(1000, Duration.ofSeconds(30), 1));
    out.writeInt(WorkerProtocol.READY);
    out.flush();
    while (true) {
      WorkerProtocol.Request request;
      try {
        request = WorkerProtocol.readRequest(in);
      } catch (EOFException e) {
        return 0; // the service closed the pipe: shut down
      }
      WorkerProtocol.writeDocuments(
          out, extractor.extract(request.content(), request.fileName(), request.limits()));
    }
  }

  /** A service killed with SIGKILL cannot kill its workers; they notice and go (a busy one too). */
  private static void exitWhenParentDies() {
    ProcessHandle.current()
        .parent()
        .ifPresent(
            parent -> {
              Thread watch =
                  new Thread(
                      () -> {
                        while (parent.isAlive()) {
                          try {
                            Thread.sleep(1000);
                          } catch (InterruptedException e) {
                            return;
                          }
                        }
                        Runtime.getRuntime().halt(1);
                      },
                      "parent-watch");
              watch.setDaemon(true);
              watch.start();
            });
  }
}
