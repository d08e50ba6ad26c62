package io.tributary.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns quarkus-oidc's default tenant off when no issuer is configured, so that a deployment with
 * API keys only starts (quarkus-oidc refuses to start an enabled tenant without {@code
 * auth-server-url}). The lowest ordinal: an explicit {@code quarkus.oidc.tenant-enabled} anywhere
 * wins, as does the test profile's.
 */
public class OidcSwitch implements ConfigSource {

  static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";
  static final String ISSUER_ENV = "TRIBUTARY_OIDC_ISSUER";
  static final String ISSUER_PROPERTY = "quarkus.oidc.auth-server-url";

  private final Map<String, String> env;
  private final Map<Object, Object> system;

  public OidcSwitch() {
    this(System.getenv(), System.getProperties());
  }

  OidcSwitch(Map<String, String> env, Map<Object, Object> system) {
    this.env = env;
    this.system = system;
  }

  boolean issuerConfigured() {
    return present(env.get(ISSUER_ENV))
        || present(env.get("QUARKUS_OIDC_AUTH_SERVER_URL"))
        || present(system.get(ISSUER_PROPERTY))
        || present(system.get("tributary.oidc.issuer"));
  }

  private static boolean present(Object v) {
    return v != null && !v.toString().isBlank();
  }

  @Override
  public Set<String> getPropertyNames() {
    return Set.of(TENANT_ENABLED);
  }

  @Override
  public String getValue(String name) {
    return TENANT_ENABLED.equals(name) ? Boolean.toString(issuerConfigured()) : null;
  }

  @Override
  public String getName() {
    return "tributary-oidc-switch";
  }

  @Override
  public int getOrdinal() {
    return 1;
  }
}
