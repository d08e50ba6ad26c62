package io.tributary.parse;

import io.tributary.model.ParsedDocument;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A pool of {@link ParseWorker} child JVMs on the service's own classpath. A file goes to an idle
 * worker (or a new one), its answer is awaited for the time limit plus {@link #GRACE}, and a worker
 * that has not answered by then is killed ({@link Process#destroyForcibly()}), which is the only
 * way to stop a parser that ignores interrupts now that {@code Thread.stop} is gone (Java 20+).
 * {@code warm} workers are kept started so a file costs a round trip on a pipe, not a JVM start.
 *
 * <p>Pools are shared by settings: every parser of the service (and of a test run) with the same
 * settings uses the same processes; they live as long as the service, which destroys them on
 * shutdown; a worker whose service died exits by itself. Thread-safe.
 */
final class ParseWorkers {

  private static final Logger LOG = Logger.getLogger(ParseWorkers.class);

  /** After the time limit, how long a worker may take to deliver its own time-limit rejection. */
  static final Duration GRACE = Duration.ofSeconds(2);

  /** A worker that parsed this many files is replaced: slow leaks in parsers do not accumulate. */
  static final int RECYCLE_AFTER = 1000;

  private static final Duration START_LIMIT = Duration.ofSeconds(60);
  private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
  private static final Map<Settings, ParseWorkers> SHARED = new ConcurrentHashMap<>();
  private static final AtomicInteger THREADS = new AtomicInteger();

  /**
   * @param size most files parsed at once, one worker each
   * @param warm workers kept started while idle (at most {@code size})
   * @param maxHeap {@code -Xmx} of a worker, e.g. {@code 512m}
   * @param mainClass the worker's main class; tests substitute one with a misbehaving parser
   */
  record Settings(int size, int warm, String maxHeap, String mainClass) {
    Settings {
      if (size < 1 || warm < 0) {
        throw new IllegalArgumentException(
            "parse workers: size must be at least 1 and warm at least 0");
      }
      if (!HEAP.matcher(maxHeap).matches()) {
        throw new IllegalArgumentException(
            "parse worker heap must look like 512m or 2g, not " + maxHeap);
      }
      warm = Math.min(warm, size);
    }
  }

  /** The worker gave no answer: killed at the time limit, or it died (e.g. out of memory). */
  static final class Lost extends Exception {
    final boolean timedOut;
    final int exitStatus;

    Lost(boolean timedOut, int exitStatus) {
      super(
          timedOut
              ? "parse worker killed at the time limit"
              : "parse worker exited with status " + exitStatus);
      this.timedOut = timedOut;
      this.exitStatus = exitStatus;
    }
  }

  private final Settings settings;
  private final List<String> command;
  private final Semaphore slots;
  private final Deque<Worker> idle = new ArrayDeque<>();
  private final Set<Worker> live = ConcurrentHashMap.newKeySet();
  private int starting;
  private final ExecutorService io =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "parse-worker-io-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  static ParseWorkers shared(Settings settings) {
    return SHARED.computeIfAbsent(settings, ParseWorkers::new);
  }

  private ParseWorkers(Settings settings) {
    this.settings = settings;
    this.command = command(settings);
    this.slots = new Semaphore(settings.size());
    Runtime.getRuntime().addShutdownHook(new Thread(this::destroyAll, "parse-workers-shutdown"));
    topUp();
  }

  /** Parses one file in a worker; throws {@link Lost} when the worker had to be killed or died. */
  List<ParsedDocument> parse(WorkerProtocol.Request request) throws Lost {
    slots.acquireUninterruptibly();
    Worker worker = null;
    try {
      worker = take();
      Worker w = worker;
      Future<List<ParsedDocument>> answer =
          io.submit(
              () -> {
                WorkerProtocol.writeRequest(w.out, request);
                return WorkerProtocol.readDocuments(w.in);
              });
      List<ParsedDocument> documents;
      try {
        documents =
            answer.get(request.limits().timeout().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        LOG.warnf(
            "parse worker %d did not answer within the time limit; killing it", w.process.pid());
        w.destroy();
        throw new Lost(true, -1);
      } catch (ExecutionException e) {
        int status =
            w.exitStatus(); // its own status (3: out of memory), not that of the kill below
        w.destroy();
        LOG.warnf(
            "parse worker %d died while parsing (exit status %d, %s)",
            w.process.pid(), status, e.getCause().getClass().getSimpleName());
        throw new Lost(false, status);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        w.destroy();
        throw new IllegalStateException("interrupted while waiting for a parse worker", e);
      }
      w.parses++;
      giveBack(w);
      worker = null;
      return documents;
    } finally {
      if (worker != null) {
        worker.destroy();
      }
      slots.release();
      topUp();
    }
  }

  /** Process ids of the workers now idle; tests check that a killed one is gone. */
  synchronized List<Long> idlePids() {
    List<Long> pids = new ArrayList<>();
    idle.forEach(w -> pids.add(w.process.pid()));
    return pids;
  }

  private Worker take() {
    synchronized (this) {
      while (!idle.isEmpty()) {
        Worker w = idle.poll();
        if (w.process.isAlive()) {
          return w;
        }
        w.destroy();
      }
    }
    return start();
  }

  private void giveBack(Worker w) {
    synchronized (this) {
      if (w.parses < RECYCLE_AFTER && w.process.isAlive() && idle.size() < settings.size()) {
        idle.push(w);
        return;
      }
    }
    w.close();
  }

  /** Starts workers in the background until {@code warm} are idle or starting. */
  private void topUp() {
    synchronized (this) {
      if (idle.size() + starting >= settings.warm()) {
        return;
      }
      starting++;
    }
    io.submit(
        () -> {
          Worker w = null;
          try {
            w = start();
          } catch (RuntimeException e) {
            LOG.errorf("a parse worker could not be started: %s", e.getMessage());
          } finally {
            synchronized (this) {
              starting--;
              if (w != null) {
                idle.push(w);
              }
            }
          }
          if (w != null) {
            topUp();
          }
        });
  }

  private Worker start() {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start a parse worker (" + command.get(0) + "): " + e.getMessage(), e);
    }
    Worker w = new Worker(process);
    live.add(w);
    process.onExit().thenRun(() -> live.remove(w));
    io.submit(() -> w.logErrors());
    Future<Integer> ready = io.submit(() -> w.in.readInt());
    try {
      if (ready.get(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS) != WorkerProtocol.READY) {
        throw new IOException("the parse worker did not say ready");
      }
      return w;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      w.destroy();
      throw new IllegalStateException("interrupted while starting a parse worker", e);
    } catch (ExecutionException | TimeoutException | IOException e) {
      int status = w.exitStatus();
      w.destroy();
      throw new IllegalStateException(
          "a parse worker did not start (exit status " + status + ")", e);
    }
  }

  private void destroyAll() {
    live.forEach(Worker::destroy);
  }

  /**
   * {@code java -Xmx… -cp <the service's classpath> <main class>}, with the JVM the service runs
   * on.
   */
  static List<String> command(Settings settings) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + settings.maxHeap());
    cmd.add("-XX:+ExitOnOutOfMemoryError"); // a heap bomb ends this worker, nothing else
    cmd.add("-XX:+UseSerialGC"); // one file at a time: no GC threads competing with the service
    cmd.add("-Xshare:auto");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-cp");
    cmd.add(classpath(System.getProperty("java.class.path")));
    cmd.add(settings.mainClass());
    return cmd;
  }

  /**
   * The classpath a worker needs: the service's own, except when the service runs as a Quarkus
   * fast-jar ({@code quarkus-run.jar}, whose classes are loaded by Quarkus' runner from the folders
   * beside it), where it is those folders' jars.
   */
  static String classpath(String own) {
    String[] entries = own.split(File.pathSeparator);
    if (entries.length == 1 && entries[0].endsWith("quarkus-run.jar")) {
      Path app = Path.of(entries[0]).toAbsolutePath().getParent();
      List<String> jars = new ArrayList<>();
      for (String dir : List.of("app", "lib/main", "lib/boot")) {
        if (Files.isDirectory(app.resolve(dir))) {
          jars.add(app.resolve(dir) + File.separator + "*");
        }
      }
      if (jars.isEmpty()) {
        throw new IllegalStateException(
            "no app/ or lib/main/ beside "
                + entries[0]
                + ": cannot build the parse workers' classpath");
      }
      return String.join(File.pathSeparator, jars);
    }
    return own;
  }

  private static final class Worker {
    final Process process;
    final DataOutputStream out;
    final DataInputStream in;
    int parses;

    Worker(Process process) {
      this.process = process;
      this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
      this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    /**
     * A worker's stderr is Tika's logging and the JVM's last words: debug level, never
     * content-bearing at info.
     */
    void logErrors() {
      try (BufferedReader err =
          new BufferedReader(
              new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = err.readLine(); line != null; line = err.readLine()) {
          if (line.contains("OutOfMemoryError")) {
            LOG.warnf("parse worker %d: out of memory", process.pid());
          } else {
            LOG.debugf(
                "parse worker %d: %s",
                process.pid(), line.length() > 500 ? line.substring(0, 500) : line);
          }
        }
      } catch (IOException e) {
        // the worker is gone
      }
    }

    int exitStatus() {
      try {
        return process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }

    /** Closing stdin asks the worker to exit; it is killed if it has not within a second. */
    void close() {
      try {
        out.close();
      } catch (IOException e) {
        // already gone
      }
      process
          .onExit()
          .orTimeout(1, TimeUnit.SECONDS)
          .exceptionally(
              t -> {
                process.destroyForcibly();
                return null;
              });
    }

    void destroy() {
      process.destroyForcibly();
    }
  }
}
