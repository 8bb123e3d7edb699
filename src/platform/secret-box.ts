import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets the portal must read back (authenticator-app secrets) are sealed with AES-256-GCM under the
 * portal's secret key: a random 96-bit nonce per secret, the tag checked on opening. Text form:
 * `v1.<nonce>.<ciphertext>.<tag>` in base64url.
 */
export type SecretBox = { seal(plain: string): string; open(sealed: string): string };

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new RangeError('The secret key must be 32 bytes.');
  return {
    seal(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', nonce, body, cipher.getAuthTag()]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, nonce, body, tag] = sealed.split('.');
      if (version !== 'v1' || !nonce || !body || !tag) throw new Error('Not a sealed secret.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
