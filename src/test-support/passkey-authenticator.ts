import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

/**
 * A passkey authenticator in software, for HTTP tests (a browser's authenticator cannot run in
 * Vitest): it makes real WebAuthn answers, an ES256 key pair with 'none' attestation and signed
 * assertions, byte for byte as the specification lays them out, so the server's checks run for real.
 * Tweaks make the faulty answers the tests need (user not verified, another origin, a stale counter…).
 */
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export type AuthenticatorTweaks = {
  /** The person unlocked the authenticator (fingerprint, PIN): the UV flag. Default true. */
  userVerified?: boolean;
  /** The origin the "browser" is on. Default the authenticator's. */
  origin?: string;
  /** The signature counter to report instead of the next one. */
  counter?: number;
  /** Present this credential id instead of the authenticator's own. */
  credentialId?: string;
  /** Sign something else than what is sent (a forged or corrupted signature). */
  corruptSignature?: boolean;
};

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

export type SoftwareAuthenticator = {
  /** The credential id (base64url) once `register` made it. */
  readonly credentialId: string;
  register(
    options: { challenge: string; user: { id: string } },
    tweaks?: AuthenticatorTweaks,
  ): RegistrationResponseJSON;
  authenticate(options: { challenge: string }, tweaks?: AuthenticatorTweaks): AuthenticationResponseJSON;
};

/** An authenticator holding one passkey for `rpId`, used on `origin`; `counting` keeps a signature counter. */
export function softwareAuthenticator(
  settings: { rpId?: string; origin?: string; counting?: boolean } = {},
): SoftwareAuthenticator {
  const rpId = settings.rpId ?? 'localhost';
  const origin = settings.origin ?? 'http://localhost';
  let credential: { id: Buffer; privateKey: KeyObject; publicKey: KeyObject; userHandle: string } | undefined;
  let counter = 0;

  const clientData = (type: string, challenge: string, tweaks: AuthenticatorTweaks) =>
    Buffer.from(JSON.stringify({ type, challenge, origin: tweaks.origin ?? origin, crossOrigin: false }));

  const authData = (tweaks: AuthenticatorTweaks, attested?: Uint8Array) => {
    const flags = FLAG_UP | (tweaks.userVerified === false ? 0 : FLAG_UV) | (attested ? FLAG_AT : 0);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(tweaks.counter ?? counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, attested ?? Buffer.alloc(0)]);
  };

  const mine = () => {
    if (!credential) throw new Error('register the passkey first');
    return credential;
  };

  return {
    get credentialId() {
      return b64(mine().id);
    },

    register(options, tweaks = {}) {
      // One passkey per authenticator: asked again, it presents the same one (as if it ignored excludeCredentials).
      if (!credential) {
        const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        credential = { id: randomBytes(16), privateKey, publicKey, userHandle: options.user.id };
      }
      const jwk = credential.publicKey.export({ format: 'jwk' });
      // The COSE_Key of an ES256 key: kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
      const coseKey = isoCBOR.encode(
        new Map<number, number | Uint8Array>([
          [1, 2],
          [3, -7],
          [-1, 1],
          [-2, Buffer.from(jwk.x!, 'base64url')],
          [-3, Buffer.from(jwk.y!, 'base64url')],
        ]),
      );
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(credential.id.length);
      const attested = Buffer.concat([Buffer.alloc(16), idLength, credential.id, coseKey]);
      const attestationObject = isoCBOR.encode(
        new Map<string, string | Uint8Array | Map<string, never>>([
          ['fmt', 'none'],
          ['attStmt', new Map<string, never>()],
          ['authData', authData(tweaks, attested)],
        ]),
      );
      const id = b64(credential.id);
      return {
        id,
        rawId: id,
        type: 'public-key',
        authenticatorAttachment: 'platform',
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64(clientData('webauthn.create', options.challenge, tweaks)),
          attestationObject: b64(attestationObject),
          transports: ['internal'],
        },
      };
    },

    authenticate(options, tweaks = {}) {
      const own = mine();
      if (settings.counting) counter += 1;
      const data = authData(tweaks);
      const client = clientData('webauthn.get', options.challenge, tweaks);
      const signed = Buffer.concat([data, sha256(client)]);
      const signature = sign('sha256', tweaks.corruptSignature ? sha256(signed) : signed, own.privateKey);
      const id = tweaks.credentialId ?? b64(own.id);
      return {
        id,
        rawId: id,
        type: 'public-key',
        authenticatorAttachment: 'platform',
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64(client),
          authenticatorData: b64(data),
          signature: b64(signature),
          userHandle: own.userHandle,
        },
      };
    },
  };
}
