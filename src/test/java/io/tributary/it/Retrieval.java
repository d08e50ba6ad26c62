package io.tributary.it;

import static io.tributary.it.TestKeys.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Helpers for the retrieval integration tests: ingest over HTTP, search as a principal. */
final class Retrieval {

  private Retrieval() {}

  static String newSource(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static void ingest(String source, String recordsJson) {
    given()
        .contentType(ContentType.JSON)
        .body("{\"records\":[" + recordsJson + "]}")
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200);
  }

  static Response search(String principals, String body) {
    var request = given().contentType(ContentType.JSON);
    if (principals != null) {
      request = request.headers(TestKeys.as("it-retrieval", principals));
    }
    return request.body(body).post("/v1/search");
  }

  static List<Map<String, Object>> hits(String principals, String body) {
    return search(principals, body).then().statusCode(200).extract().jsonPath().getList("results");
  }

  static String recordId(Map<String, Object> hit) {
    return (String) ((Map<?, ?>) hit.get("provenance")).get("recordId");
  }

  static List<String> recordIds(List<Map<String, Object>> hits) {
    return hits.stream().map(Retrieval::recordId).toList();
  }
}
