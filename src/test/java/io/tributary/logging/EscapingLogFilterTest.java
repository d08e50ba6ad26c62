package io.tributary.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

/** A value with a line break cannot start a new log line: the rendered line stays one line. */
class EscapingLogFilterTest {

  final EscapingLogFilter filter = new EscapingLogFilter();
  final PatternFormatter formatter = new PatternFormatter("%p %m%e%n");

  private String rendered(ExtLogRecord record) {
    assertThat(filter.isLoggable(record)).isTrue();
    return formatter.format(record);
  }

  @Test
  void should_escape_a_line_break_in_a_logged_id() {
    ExtLogRecord r =
        new ExtLogRecord(Level.WARNING, "record %s rejected", ExtLogRecord.FormatStyle.PRINTF, "x");
    r.setParameters(new Object[] {"crm/C-1\nINFO forged line\r\u0000"});

    String line = rendered(r);

    assertThat(line)
        .isEqualTo("WARNING record crm/C-1\\u000aINFO forged line\\u000d\\u0000 rejected\n");
  }

  @Test
  void should_escape_the_messages_of_a_logged_exception_and_its_causes() {
    ExtLogRecord r =
        new ExtLogRecord(Level.SEVERE, "failed", ExtLogRecord.FormatStyle.NO_FORMAT, "x");
    r.setThrown(
        new IllegalStateException(
            "outer\nERROR forged", new IllegalArgumentException("inner\u2028ERROR forged too")));

    String text = rendered(r);

    assertThat(text.lines()).noneMatch(l -> l.startsWith("ERROR forged"));
    assertThat(text)
        .contains("java.lang.IllegalStateException: outer\\u000aERROR forged")
        .contains("java.lang.IllegalArgumentException: inner\\u2028ERROR forged too")
        .contains("at io.tributary.logging.EscapingLogFilterTest");
  }

  @Test
  void should_leave_a_clean_line_as_it_is() {
    ExtLogRecord r =
        new ExtLogRecord(Level.INFO, "record %s indexed", ExtLogRecord.FormatStyle.PRINTF, "x");
    r.setParameters(new Object[] {"crm/C-1"});
    assertThat(rendered(r)).isEqualTo("INFO record crm/C-1 indexed\n");
  }
}
