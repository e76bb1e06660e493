package org.portier.push;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;

/**
 * The {@code push.fcm.endpoint} seam: firebase-admin hard-codes https://fcm.googleapis.com, so an
 * HTTP transport whose connections open the same path on the configured endpoint instead
 * (a fake FCM in tests, or a relay). Any other URL is opened unchanged.
 */
final class FcmEndpoint {
  static final String FCM = "https://fcm.googleapis.com";

  private FcmEndpoint() {}

  static HttpTransport transport(String endpoint) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return new NetHttpTransport.Builder().setConnectionFactory(url -> {
      String u = url.toString();
      URL target = u.startsWith(FCM) ? new URL(base + u.substring(FCM.length())) : url;
      return (HttpURLConnection) target.openConnection(Proxy.NO_PROXY);
    }).build();
  }
}
