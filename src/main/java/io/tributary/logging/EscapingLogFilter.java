package io.tributary.logging;

import io.quarkus.logging.LoggingFilter;
import io.tributary.model.Printable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Escapes control characters in every log line the service writes, so that no value a record, a
 * file or a caller carries (an id, a name, an exception message) can start a forged line: the
 * formatted message, and the messages of a logged exception and its causes, have every control
 * character written as {@code \\uXXXX}. A stack trace keeps its own line breaks; only the text that
 * came from outside is escaped. Installed on the console and file handlers ({@code
 * quarkus.log.*.filter=tributary-escape}).
 */
@LoggingFilter(name = "tributary-escape")
public final class EscapingLogFilter implements Filter {

  @Override
  public boolean isLoggable(LogRecord record) {
    escapeMessage(record);
    Throwable thrown = record.getThrown();
    if (thrown != null && needsEscape(thrown, Collections.newSetFromMap(new IdentityHashMap<>()))) {
      record.setThrown(escaped(thrown, new IdentityHashMap<>()));
    }
    return true;
  }

  private static void escapeMessage(LogRecord record) {
    if (record instanceof ExtLogRecord ext) {
      String formatted = ext.getFormattedMessage();
      String escaped = Printable.escape(formatted);
      if (escaped != null && !escaped.equals(formatted)) {
        ext.setMessage(escaped, ExtLogRecord.FormatStyle.NO_FORMAT);
        ext.setParameters(null);
      }
    } else {
      String message = record.getMessage();
      Object[] params = record.getParameters();
      if (params != null) {
        Object[] copy = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
          copy[i] =
              params[i] instanceof CharSequence
                  ? Printable.escape(params[i].toString())
                  : params[i];
        }
        record.setParameters(copy);
      }
      record.setMessage(Printable.escape(message));
    }
  }

  private static boolean needsEscape(Throwable t, Set<Throwable> seen) {
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && Printable.hasControl(m)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable escaped(Throwable t, IdentityHashMap<Throwable, Throwable> done) {
    if (t == null) {
      return null;
    }
    Throwable known = done.get(t);
    if (known != null) {
      return known;
    }
    Escaped copy = new Escaped(t);
    done.put(t, copy);
    Throwable cause = t.getCause();
    if (cause != null && cause != t) {
      copy.initCause(escaped(cause, done));
    }
    return copy;
  }

  /** An exception as it is logged: its class name, its message escaped, its stack trace. */
  static final class Escaped extends Throwable {
    private static final long serialVersionUID = 1L;
    private final String className;

    Escaped(Throwable original) {
      super(Printable.escape(original.getMessage()));
      this.className = original.getClass().getName();
      setStackTrace(original.getStackTrace());
    }

    @Override
    public String toString() {
      String m = getMessage();
      return m == null ? className : className + ": " + m;
    }
  }
}
