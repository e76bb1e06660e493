/**
 * The MX Proxy 2.1 face: existing MX Proxy clients talk to Portier unchanged.
 *
 * <p>Built here: POST /auth (OAuth2 password grant, provisioning lookup, mx.connect), GET /auth,
 * DELETE /auth and /auth/logout, PUT/DELETE /tokens/{apn|fcm}/{topic}/{token}, the ES256 tokens
 * ({@link org.portier.mxproxy.JwtKeys}: keys sealed in mx_jwt_keys, rotated every jwt.signKeyTTL,
 * verifying for signKeyTTL + 2 x tokenTTL, so a restart keeps tokens valid) and MX Proxy's admin
 * web on Portier's admin listener ({@link org.portier.mxproxy.MxAdminRoutes}).
 *
 * <p>The MX sessions themselves belong to the MX connection actor, reached only over the bus
 * (org.portier.bus.Addresses MX_CONNECT, MX_LOGOUT, MX_CONNECTIONS and "mx.user.&lt;login&gt;");
 * later endpoints put {@link org.portier.mxproxy.BearerAuth} token + connected in front of their
 * handlers and find the login under {@link org.portier.mxproxy.BearerAuth#LOGIN}.
 */
package org.portier.mxproxy;
