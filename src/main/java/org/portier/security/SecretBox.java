package org.portier.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption for secrets Portier must read back (one-time SIP passwords while a call
 * lives, later MX passwords). Output: base64(iv || ciphertext+tag). Thread-safe.
 */
public final class SecretBox {
  private static final int IV_BYTES = 12;
  private final SecretKey key;

  public SecretBox(byte[] key) {
    if (key.length != 32) throw new IllegalArgumentException("the secret key must be 32 bytes");
    this.key = new SecretKeySpec(key, "AES");
  }

  /**
   * Loads the key from a file holding base64 of 32 bytes; creates the file (mode 0600) when it does
   * not exist, so the embedded default works out of the box. Blocking: call off the event loop.
   */
  public static SecretBox fromKeyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        byte[] fresh = Secrets.randomBytes(32);
        Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n");
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system: nothing more we can do
        }
      }
      byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
      return new SecretBox(key);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read the secret key file " + file + ": " + e.getMessage(), e);
    }
  }

  public String encrypt(String plain) {
    try {
      byte[] iv = Secrets.randomBytes(IV_BYTES);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String decrypt(String sealed) {
    try {
      byte[] all = Base64.getDecoder().decode(sealed);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
      return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot decrypt a stored secret (wrong key file?)", e);
    }
  }
}
