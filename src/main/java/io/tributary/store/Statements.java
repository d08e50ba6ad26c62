package io.tributary.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements of several record writes, run together on one connection: each statement as one
 * JDBC batch (sent in one round trip), row inserts as multi-row {@code INSERT ... VALUES (...),
 * (...)}. Statements run in the order in which each was first added, so a write that adds its chunk
 * delete before its chunk insert keeps that order for every record of the round. Not thread-safe:
 * one writing transaction owns it.
 */
final class Statements {

  /** Rows per multi-row INSERT: far below PostgreSQL's 65535 bind parameters. */
  static final int ROWS_PER_INSERT = 500;

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Binds one row's parameters, the first at {@code offset + 1}. */
  @FunctionalInterface
  interface RowBinder {
    void bind(PreparedStatement ps, int offset) throws SQLException;
  }

  /** A multi-row INSERT: {@code head} then {@code row} once per row, each with {@code params}. */
  record RowInsert(String head, String row, int params) {}

  private final Map<Object, List<?>> pending = new LinkedHashMap<>();

  /** One execution of {@code sql} in this round's batch of it. */
  @SuppressWarnings("unchecked")
  void add(String sql, Binder binder) {
    ((List<Binder>) pending.computeIfAbsent(sql, k -> new ArrayList<Binder>())).add(binder);
  }

  /** One row of a multi-row INSERT. */
  @SuppressWarnings("unchecked")
  void addRow(RowInsert insert, RowBinder row) {
    ((List<RowBinder>) pending.computeIfAbsent(insert, k -> new ArrayList<RowBinder>())).add(row);
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Runs what was added, in order, and forgets it. */
  @SuppressWarnings("unchecked")
  void execute(Connection c) throws SQLException {
    for (Map.Entry<Object, List<?>> e : pending.entrySet()) {
      if (e.getKey() instanceof RowInsert insert) {
        insertRows(c, insert, (List<RowBinder>) e.getValue());
      } else {
        try (PreparedStatement ps = c.prepareStatement((String) e.getKey())) {
          List<Binder> binders = (List<Binder>) e.getValue();
          for (Binder b : binders) {
            b.bind(ps);
            if (binders.size() > 1) {
              ps.addBatch();
            }
          }
          if (binders.size() > 1) {
            ps.executeBatch();
          } else {
            ps.executeUpdate();
          }
        }
      }
    }
    pending.clear();
  }

  private static void insertRows(Connection c, RowInsert insert, List<RowBinder> rows)
      throws SQLException {
    for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
      List<RowBinder> part = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
      StringBuilder sql = new StringBuilder(insert.head());
      for (int i = 0; i < part.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(insert.row());
      }
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < part.size(); i++) {
          part.get(i).bind(ps, i * insert.params());
        }
        ps.executeUpdate();
      }
    }
  }
}
