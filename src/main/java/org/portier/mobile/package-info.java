/**
 * The mobile face: the REST API the existing SmartYard Android/iOS apps speak
 * (seed 000, {@code reference/smartyard-mobile-contract.md}), mounted under {@code mobile.prefix}.
 *
 * <ul>
 *   <li>{@link org.portier.mobile.MobileRoutes}: the route table, the 405/404 fallbacks and the
 *       marked mount point for unauthenticated GET routes of other packages (snapshot links).</li>
 *   <li>{@code MobileFace}: CORS, body limit and the envelope for every answer and failure.</li>
 *   <li>{@code MobileAuth}: bearer device tokens (SHA-256 lookup, 403/422/401 matrix, throttled touch).</li>
 *   <li>{@code LoginRoutes}, {@code OtpChallenges}, {@code SmsGateway}, {@code Logins}: phone login by one-time code.</li>
 *   <li>{@code PushTokenRoutes}, {@code AddressRoutes}, {@code IntercomRoutes}: the device's push tokens, its addresses and flat settings.</li>
 * </ul>
 */
package org.portier.mobile;
