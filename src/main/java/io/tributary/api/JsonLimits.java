package io.tributary.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.tributary.config.TributaryConfig;
import jakarta.inject.Singleton;

/**
 * The one {@link ObjectMapper} reads JSON strictly: a number is a number ({@code "5"} is not an
 * integer, nor is {@code 5.7}), and a body nested too deep or holding too long a string fails while
 * it is parsed, before it costs memory. {@link ProblemMappers} answers each with a 400.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

  private final TributaryConfig.Http http;

  public JsonLimits(TributaryConfig config) {
    this.http = config.http();
  }

  @Override
  public void customize(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(http.jsonMaxNestingDepth())
                .maxStringLength(http.jsonMaxStringLength())
                .build());
    mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    for (LogicalType scalar :
        new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
  }
}
