/**
 * Pushes from MX events (mx-proxy.md §2.7 and §3).
 *
 * <p>{@link org.portier.mxpush.MxPushVerticle} turns the events the MX connection actor publishes on
 * mx.events (Delivered ringing the user's own ext, Established, Originated, ConnectionCleared, Held,
 * Retrieved, unread MailIncoming) into one push.send per event with every token the user registered
 * through PUT /tokens (table mx_push_tokens), and deletes tokens the providers call dead, which the
 * push actor only flags in devices. {@link org.portier.mxpush.MxEventJson} gives MX Proxy's JSON;
 * {@link org.portier.mxpush.MxPushes} chooses VoIP, alert or data per token.
 */
package org.portier.mxpush;
