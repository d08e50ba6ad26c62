package io.tributary.it;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.tributary.api.Callers;
import io.tributary.api.Roles;
import io.tributary.auth.ApiKey;
import io.tributary.auth.KeyToken;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real API keys for integration tests ({@link KeyToken}), written into the test database's {@code
 * api_keys} the way {@code scripts/keys.sh bootstrap} writes them (the table exists once the
 * service has migrated). The default key holds every role and {@code delegate}, so that a test
 * names the principals it searches as with {@link #as}, as an assistant serving many users does.
 */
public final class TestKeys {

  /** The end user that tests act for, unless they name another. */
  public static final String USER = "it-user";

  private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

  private TestKeys() {}

  /** A request authenticated with the all-roles key. */
  public static RequestSpecification given() {
    return RestAssured.given().header("Authorization", "Bearer " + all());
  }

  /** A request with the key of exactly these roles. */
  public static RequestSpecification givenRoles(String... roles) {
    return RestAssured.given().header("Authorization", "Bearer " + key(roles));
  }

  /** A request without credentials. */
  public static RequestSpecification anonymous() {
    return RestAssured.given();
  }

  /** Delegation headers: act for {@link #USER} with these comma-separated groups. */
  public static Map<String, String> as(String groups) {
    return as(USER, groups);
  }

  public static Map<String, String> as(String user, String groups) {
    return Map.of(Callers.ON_BEHALF_OF, user, Callers.ON_BEHALF_OF_GROUPS, groups);
  }

  /** The audit actor of the all-roles key acting for {@code user}. */
  public static String actorFor(String user) {
    return actor() + " on behalf of " + user;
  }

  /** The audit actor of the all-roles key. */
  public static String actor() {
    return ApiKey.actorOf(idOf(all()));
  }

  public static String all() {
    return key(
        Roles.INGEST, Roles.SEARCH, Roles.OPERATOR, Roles.AUDITOR, Roles.ADMIN, Roles.DELEGATE);
  }

  /** The credential of a key holding exactly {@code roles}, created once per role set. */
  public static String key(String... roles) {
    return KEYS.computeIfAbsent(String.join(",", new TreeSet<>(List.of(roles))), TestKeys::create);
  }

  private static String create(String roles) {
    KeyToken token = KeyToken.generate();
    String array = roles.isEmpty() ? "{}" : "{" + roles + "}";
    Sql.execute(
        "INSERT INTO api_keys(id, name, secret_sha256, roles, created_by, expires_at) VALUES ('"
            + token.id()
            + "', 'it "
            + roles
            + "', '"
            + token.secretHash()
            + "', '"
            + array
            + "', 'TestKeys', now() + interval '1 day')");
    return token.wire();
  }

  /** The id of a key credential. */
  public static String idOf(String credential) {
    return KeyToken.parse(credential).orElseThrow().id();
  }
}
