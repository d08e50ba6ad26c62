package io.tributary.embed;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps a native resource (an ONNX session, a Rust tokenizer) from being freed while a thread is
 * inside it: freeing it under a running call crashes the JVM (SIGSEGV) instead of failing the call.
 * Calls share a read lock; {@link #close} takes the write lock, so it waits for the calls in flight
 * (up to a bound), and every call after it fails with {@link IllegalStateException}, a plain Java
 * error the caller's retry or dead-letter path handles.
 */
final class NativeGuard {

  private final String name;
  private final long closeWaitMillis;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  NativeGuard(String name, long closeWaitMillis) {
    this.name = name;
    this.closeWaitMillis = closeWaitMillis;
  }

  <T> T use(Supplier<T> call) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(name + " is closed (the service is stopping)");
      }
      return call.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs {@code free} once no call is in flight. If calls are still running after the wait, the
   * resource is left allocated (the process is stopping anyway): a leak at exit, never a crash.
   *
   * @return whether {@code free} ran
   */
  boolean close(Runnable free) {
    boolean locked;
    try {
      locked = lock.writeLock().tryLock(closeWaitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      locked = false;
    }
    closed = true;
    if (!locked) {
      return false;
    }
    try {
      free.run();
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
