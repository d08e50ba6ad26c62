package io.tributary.redact;

import static io.tributary.redact.Fixtures.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressDetectorTest {

  private final IpAddressDetector detector = new IpAddressDetector();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "192.168.1.10",
        "10.0.0.1",
        "255.255.255.255",
        "0.0.0.0",
        "2001:db8::1",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "2001:DB8:85A3::8A2E:370:7334",
        "::1",
        "fe80::",
        "fe80::1ff:fe23:4567:890a",
        "6e40:4041:c617:e898:c11:40d2:c669:2eb4",
        "::ffff:192.0.2.128",
        "64:ff9b::192.0.2.33"
      })
  void should_find_ip_address_in_prose(String ip) {
    assertThat(found(detector, "Blocked address " + ip + " again")).containsExactly(ip);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "client 10.0.0.1:8080 connected; 10.0.0.1",
        "My IP is 192.168.1.10.; 192.168.1.10",
        "It was 2001:db8::1.; 2001:db8::1",
        "client_ip:10.0.0.1; 10.0.0.1",
        "client_ip = ?%//!%20\\|106.31.73.20|%20/; 106.31.73.20",
        "http://[2001:db8::1]:443/; 2001:db8::1",
        "from 10.0.0.1-10.0.0.9; 10.0.0.1",
        "Blocked 2001:db8::1: retry later; 2001:db8::1",
        "run 2001:db8::1::2 is not one address; 2001:db8::1"
      })
  void should_find_ip_address_next_to_ports_and_punctuation(String text, String ip) {
    assertThat(found(detector, text)).first().isEqualTo(ip);
  }

  /**
   * Decided: MAC addresses (six groups) are not IP addresses and are left alone, as are times,
   * dotted numbers with more or fewer than four parts and {@code ::}-words without a digit (code).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "256.1.1.1",
        "1.2.3",
        "1.2.3.4.5",
        "192.168.1.300",
        "at 10:30:45 sharp",
        "2024-01-15T10:30:45Z",
        "MAC 00:1A:2B:3C:4D:5E",
        "MAC 00-1A-2B-3C-4D-5E",
        "std::vector and dead::beef",
        "12345::abcde",
        ":::1"
      })
  void should_not_report_text_that_is_not_an_ip_address(String text) {
    assertThat(found(detector, text)).isEmpty();
  }
}
