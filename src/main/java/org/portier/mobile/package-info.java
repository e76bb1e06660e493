/**
 * The mobile face: the REST API the existing SmartYard Android/iOS apps speak
 * (described in {@code docs/smartyard-contract.md}, cited as "contract §n"), mounted under {@code mobile.prefix}.
 *
 * <ul>
 *   <li>{@link org.portier.mobile.MobileRoutes}: the route table, the 405/404 fallbacks and the
 *       marked mount point for unauthenticated GET routes of other packages (snapshot links).</li>
 *   <li>{@code MobileFace}: CORS, body limit and the envelope for every answer and failure.</li>
 *   <li>{@code MobileAuth}: bearer device tokens (SHA-256 lookup, 403/422/401 matrix, throttled touch).</li>
 *   <li>{@code LoginRoutes}, {@code OtpChallenges}, {@code SmsGateway}, {@code Logins}: phone login by one-time code.</li>
 *   <li>{@code PushTokenRoutes}, {@code AddressRoutes}, {@code IntercomRoutes}: the device's push tokens, its addresses and flat settings.</li>
 *   <li>{@code CheckPhoneRoutes}, {@link org.portier.mobile.VerificationCallRoutes}: login by a call to a confirmation number.</li>
 *   <li>{@code RateLimits}, {@code DeviceLimit}: login rate limits per phone and IP, devices per phone.</li>
 *   <li>{@code ProfileRoutes}, {@code AccountRoutes}: names, notification switches, tokens, app version, account deletion.</li>
 *   <li>{@code SettingsListRoutes}, {@code GuestAccessRoutes}, {@code FlatCodeRoutes}, {@code Memberships}, {@code NewAddressPush}:
 *       flat members and guests with an expiry, door codes and QR codes.</li>
 *   <li>{@code SupportRoutes}, {@code UnservedRoutes}: helpMe, ext/options, and the answers of modules Portier does not serve.</li>
 * </ul>
 */
package org.portier.mobile;
