package io.tributary.pipeline;

import java.sql.SQLException;

/** Sorts database failures into the three error kinds by SQLState, never by message text. */
public final class SqlFailures {

  private SqlFailures() {}

  public static PipelineException classify(SQLException e, String what) {
    String state = e.getSQLState();
    String message = what + " failed (SQLState " + state + ")";
    if (state == null || isRetriable(state)) {
      // No SQLState: the pool could not hand out a connection (acquisition timeout) or the socket
      // broke.
      return new RetriableException(StageName.STORE, message, e);
    }
    if (state.startsWith("22") || state.startsWith("23")) {
      return new PoisonRecordException(StageName.STORE, message, e);
    }
    return new FatalPipelineException(StageName.STORE, message, e);
  }

  static boolean isRetriable(String state) {
    return state.startsWith("08")
        || state.startsWith("53")
        || state.equals("40001")
        || state.equals("40P01")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03")
        || state.equals("57014");
  }
}
