package io.tributary.parse;

import io.quarkus.runtime.StartupEvent;
import io.tributary.config.TributaryConfig;
import io.tributary.model.DocumentInput;
import io.tributary.model.ParsedDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Parses files with Apache Tika ({@link TikaExtractor}) under hard limits: file size, extracted
 * characters, number of parts, and a wall-clock time limit.
 *
 * <p>By default each file is parsed in a child JVM ({@link ParseWorkers}, {@code
 * tributary.documents.isolation=process}): a parser that loops without end is killed with its
 * process at the time limit, and one that exhausts memory ends only its process. With {@code
 * isolation=none} files are parsed on threads of the service; a parser that ignores the interrupt
 * at the time limit is then left running, as no supported Java API can stop a thread.
 */
@ApplicationScoped
public class TikaDocumentParser implements DocumentParser {

  private static final Logger LOG = Logger.getLogger(TikaDocumentParser.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** {@code -XX:+ExitOnOutOfMemoryError} ends the JVM with this status. */
  static final int OUT_OF_MEMORY_STATUS = 3;

  private final long maxFileBytes;
  private final ParseLimits limits;
  private final ParseWorkers workers;
  private final TikaExtractor inProcess;
  private final Semaphore parallel = new Semaphore(cores());

  @Inject
  public TikaDocumentParser(TributaryConfig config) {
    this(
        config.documents().maxFileBytes(),
        limits(config.documents()),
        config.documents().isolation(),
        new ParseWorkers.Settings(
            config.documents().workers().orElse(cores()),
            config.documents().warmWorkers(),
            config.documents().workerMaxHeap(),
            ParseWorker.class.getName()));
  }

  /** Isolated in worker processes with the default settings. */
  public TikaDocumentParser(long maxFileBytes, int maxChars, Duration timeout, int maxEmbedded) {
    this(maxFileBytes, new ParseLimits(maxChars, timeout, maxEmbedded), defaultWorkers());
  }

  /** Isolated in worker processes. */
  TikaDocumentParser(long maxFileBytes, ParseLimits limits, ParseWorkers.Settings workers) {
    this(maxFileBytes, limits, TributaryConfig.ParseIsolation.PROCESS, workers);
  }

  /** On threads of this JVM, with the given extractor. */
  TikaDocumentParser(long maxFileBytes, ParseLimits limits, TikaExtractor inProcess) {
    this.maxFileBytes = maxFileBytes;
    this.limits = limits;
    this.workers = null;
    this.inProcess = inProcess;
  }

  private TikaDocumentParser(
      long maxFileBytes,
      ParseLimits limits,
      TributaryConfig.ParseIsolation isolation,
      ParseWorkers.Settings workers) {
    this.maxFileBytes = maxFileBytes;
    this.limits = limits;
    boolean isolated = isolation == TributaryConfig.ParseIsolation.PROCESS;
    this.workers = isolated ? ParseWorkers.shared(workers) : null;
    this.inProcess = isolated ? null : new TikaExtractor();
  }

  /**
   * Created with the service, not on the first file: bad worker settings fail the start, and the
   * warm workers are ready before the first upload.
   */
  void onStart(@Observes StartupEvent event) {
    LOG.infof(
        "documents are parsed %s",
        workers != null
            ? "in worker processes (tributary.documents.isolation=process)"
            : "on threads of the service (tributary.documents.isolation=none): a runaway parser"
                + " cannot be stopped");
  }

  static ParseWorkers.Settings defaultWorkers() {
    return new ParseWorkers.Settings(cores(), 1, "512m", ParseWorker.class.getName());
  }

  private static ParseLimits limits(TributaryConfig.Documents documents) {
    return new ParseLimits(documents.maxChars(), documents.parseTimeout(), documents.maxEmbedded());
  }

  private static int cores() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  @Override
  public String version() {
    return "tika-3.3.1:markup-1";
  }

  @Override
  public List<ParsedDocument> parse(DocumentInput input) {
    byte[] bytes = input.content();
    if (input.size() > maxFileBytes || bytes.length > maxFileBytes) {
      return TikaExtractor.rejected(
          "file of "
              + Math.max(input.size(), bytes.length)
              + " bytes is larger than the limit of "
              + maxFileBytes
              + " bytes (tributary.documents.max-file-bytes)");
    }
    if (bytes.length == 0) {
      return TikaExtractor.rejected("empty file (0 bytes)");
    }
    return workers != null ? inWorker(input) : onThread(input);
  }

  private List<ParsedDocument> inWorker(DocumentInput input) {
    try {
      return workers.parse(new WorkerProtocol.Request(input.fileName(), input.content(), limits));
    } catch (ParseWorkers.Lost lost) {
      if (lost.timedOut) {
        LOG.warnf(
            "document %s: parser still running at the time limit; its worker process was killed",
            input.key());
        return TikaExtractor.rejected(limits.timeLimitReason());
      }
      LOG.warnf(
          "document %s: the parse worker died (exit status %d)", input.key(), lost.exitStatus);
      return TikaExtractor.rejected(
          lost.exitStatus == OUT_OF_MEMORY_STATUS
              ? "the parser ran out of memory on this file (OutOfMemoryError;"
                  + " tributary.documents.worker-max-heap)"
              : "the parser crashed on this file (its worker process exited with status "
                  + lost.exitStatus
                  + ")");
    }
  }

  /**
   * Without isolation: the parse runs on its own thread and the caller waits for the time limit
   * (and {@link ParseWorkers#GRACE}, the time content handlers have to notice the deadline). A
   * thread still running then is interrupted and abandoned.
   */
  private List<ParsedDocument> onThread(DocumentInput input) {
    FutureTask<List<ParsedDocument>> task =
        new FutureTask<>(() -> inProcess.extract(input.content(), input.fileName(), limits));
    Thread thread = new Thread(task, "tika-parse-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    parallel.acquireUninterruptibly();
    try {
      thread.start();
      return task.get(limits.timeout().plus(ParseWorkers.GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      thread.interrupt();
      LOG.errorf(
          "document %s: parser ignored the time limit; its thread cannot be stopped in-process and"
              + " keeps running (tributary.documents.isolation=process would kill it)",
          input.key());
      return TikaExtractor.rejected(limits.timeLimitReason());
    } catch (ExecutionException e) {
      return TikaExtractor.rejected(TikaExtractor.reasonFor(e.getCause(), "unknown type"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
      throw new IllegalStateException("interrupted while parsing " + input.key(), e);
    } finally {
      parallel.release();
    }
  }
}
