package com.google.firebase.messaging;

import com.google.firebase.FirebaseApp;
import com.google.firebase.ImplFirebaseTrampolines;
import com.google.firebase.internal.ApiClientUtils;

/**
 * FCM HTTP v1 send without firebase-admin's own retries. FirebaseMessaging always retries an HTTP
 * 503 up to 4 times with up to 60 s of backoff, sleeping on the calling thread, and offers no option
 * to turn that off; Portier retries itself (persisted attempts, jitter, the row's TTL), so the
 * library's loop would hide failures and hold worker threads. This builds the same client
 * FirebaseMessaging builds (FirebaseMessagingClientImpl.fromApp) minus the retry config. It lives in
 * firebase-admin's package because that client is package-private; firebase-admin is pinned in the
 * pom, and a change of these internals breaks the build, not production.
 */
public final class NoRetryMessagingClient {
  private final FirebaseMessagingClient client;

  public NoRetryMessagingClient(FirebaseApp app) {
    String projectId = ImplFirebaseTrampolines.getProjectId(app);
    if (projectId == null || projectId.isEmpty()) throw new IllegalArgumentException("no FCM project id (push.fcm.projectId or the service account's project_id)");
    this.client = FirebaseMessagingClientImpl.builder()
        .setProjectId(projectId)
        .setRequestFactory(ApiClientUtils.newAuthorizedRequestFactory(app, null))
        .setChildRequestFactory(ApiClientUtils.newUnauthorizedRequestFactory(app))
        .setJsonFactory(app.getOptions().getJsonFactory())
        .build();
  }

  /** One blocking HTTP request; returns the message name ("projects/p/messages/id"). */
  public String send(Message message) throws FirebaseMessagingException {
    return client.send(message, false);
  }
}
