package io.tributary.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API key presented by a request, to be verified by {@link ApiKeyIdentityProvider}. */
public final class ApiKeyRequest extends BaseAuthenticationRequest {

  private final String credential;

  public ApiKeyRequest(String credential) {
    this.credential = credential;
  }

  public String credential() {
    return credential;
  }

  @Override
  public String toString() {
    return "ApiKeyRequest";
  }
}
