package io.tributary.redact;

import static io.tributary.redact.Fixtures.found;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretDetectorTest {

  private final SecretDetector detector = new SecretDetector();
  private final Random random = new Random(42);

  static List<FixtureTexts.Case> fixtures() {
    return FixtureTexts.load("secret-detector.txt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void should_report_exactly_the_marked_secrets(FixtureTexts.Case c) {
    assertThat(found(detector, c.text())).as(c.text()).containsExactlyElementsOf(c.expected());
  }

  @Test
  void should_report_the_value_of_an_assignment_and_keep_the_key() {
    String text = "db.password=Xy7-pQ2!rs and api_key: 'k3Y-9fT2'";

    assertThat(found(detector, text)).containsExactly("Xy7-pQ2!rs", "k3Y-9fT2");
  }

  @Test
  void should_report_a_private_key_block_as_one_finding_from_begin_to_end() {
    String pem = SecretSamples.privateKey(random, "RSA ");
    String text = "before\n" + pem + "\nafter";

    assertThat(detector.find(text))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(text.substring(f.start(), f.end())).isEqualTo(pem);
            });
  }

  @Test
  void should_not_report_a_jwt_shape_whose_header_has_no_algorithm() {
    String noAlg = SecretSamples.jwt(random, false);
    String withAlg = SecretSamples.jwt(random, true);

    assertThat(found(detector, "id " + noAlg)).isEmpty();
    assertThat(found(detector, "id " + withAlg)).containsExactly(withAlg);
  }

  @Test
  void should_report_tokens_with_a_known_prefix_anywhere() {
    String aws = SecretSamples.awsKeyId(random);
    String gh = SecretSamples.githubToken(random);
    String slack = SecretSamples.slackToken(random);

    assertThat(found(detector, "ids " + aws + ", " + gh + " and " + slack + "."))
        .containsExactly(aws, gh, slack);
  }

  @Test
  void should_not_report_a_known_prefix_with_a_placeholder_body() {
    assertThat(found(detector, "AKIAXXXXXXXXXXXXXXXX and ghp_" + "x".repeat(36))).isEmpty();
  }

  @Test
  void should_report_a_random_token_only_near_a_key_word() {
    String token = SecretSamples.mixed(random, SecretSamples.B64, 40);

    assertThat(found(detector, "secret " + token)).containsExactly(token);
    assertThat(found(detector, "checksum " + token)).isEmpty();
    assertThat(found(detector, "the value " + token + " was logged")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "DB_PASSWORD",
        "dbPassword",
        "passwd",
        "PASS",
        "client_secret",
        "jwtsecret",
        "aws_secret_access_key",
        "api_key",
        "x-api-key",
        "apiKey",
        "access_token",
        "authToken",
        "credentials",
        "privateKey",
        "PresharedKey"
      })
  void should_recognise_credential_keys(String key) {
    assertThat(CredentialAssignmentRule.credentialKey(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password_length",
        "token_type",
        "token_url",
        "secret_name",
        "max_tokens",
        "tokenizer",
        "passwordLabel",
        "forgot_password",
        "passenger",
        "bypass",
        "secretary",
        "keyId",
        "username",
        "compass"
      })
  void should_not_take_names_about_a_credential_for_credential_keys(String key) {
    assertThat(CredentialAssignmentRule.credentialKey(key)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<password>",
        "${DB_PASS}",
        "{{ secret }}",
        "********",
        "xxxx",
        "[REDACTED]",
        "[SECRET:0a1b]",
        "null",
        "changeme",
        "YOUR_PASSWORD",
        "%s",
        "%DB_PASS%",
        "...",
        "'$VAR'"
      })
  void should_take_placeholders_for_no_value(String value) {
    assertThat(CredentialValues.placeholder(value)).isTrue();
  }

  @Test
  void should_measure_shannon_entropy_in_bits_per_character() {
    assertThat(HighEntropyRule.entropy("aaaa")).isZero();
    assertThat(HighEntropyRule.entropy("abab")).isEqualTo(1.0);
    assertThat(HighEntropyRule.entropy("0123456789abcdef")).isEqualTo(4.0);
  }

  @Test
  void should_not_take_uuids_words_or_paths_for_random_tokens() {
    assertThat(HighEntropyRule.randomLooking("550e8400-e29b-41d4-a716-446655440000")).isFalse();
    assertThat(HighEntropyRule.randomLooking("spring-boot-starter-data-jpa-2")).isFalse();
    assertThat(HighEntropyRule.randomLooking("usr/local/lib/python3/site")).isFalse();
    assertThat(HighEntropyRule.randomLooking("SecretsManagerClient")).isFalse();
    assertThat(HighEntropyRule.randomLooking("gX69YO4CvBsVjzAwYxdGyDd30t5+9ez31gKATtj4")).isTrue();
  }

  @Test
  void should_return_findings_in_ascending_order_without_overlaps() {
    String text =
        "token: "
            + SecretSamples.githubToken(random)
            + " password="
            + SecretSamples.password(random)
            + "\n"
            + SecretSamples.privateKey(random, "")
            + " and "
            + SecretSamples.jwt(random, true);

    List<Finding> findings = detector.find(text);

    assertThat(findings).hasSize(4);
    for (int i = 1; i < findings.size(); i++) {
      assertThat(findings.get(i).start()).isGreaterThanOrEqualTo(findings.get(i - 1).end());
    }
  }
}
