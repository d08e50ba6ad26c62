package io.tributary.store;

import com.pgvector.PGvector;
import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/** Registers the pgvector type once per pooled connection, when the pool creates it. */
@ApplicationScoped
public class PgVectorRegistration implements AgroalPoolInterceptor {

  @Override
  public void onConnectionCreate(Connection connection) {
    try {
      PGvector.registerTypes(connection);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot register the pgvector type (is the vector extension installed?)", e);
    }
  }
}
