import { describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY } from '../test-support/test-app.ts';
import { TEST_CODE_ALPHABET, TEST_CODE_LENGTH } from './esign.schemas.ts';
import { esignKey, testDocumentCode } from './esign.ts';

// The test document's code: what the customer types back to show they opened the PDF.
const key = esignKey(TEST_SECRET_KEY);
const USER = '0d5a3f8e-4c1b-4a57-9a55-6f3b0f9d2c11';

describe('testDocumentCode', () => {
  it('is 6 characters none of which is easy to mistake (no 0/O, 1/I/L)', () => {
    const codes = Array.from({ length: 200 }, (_, i) => testDocumentCode(key, `user-${i}`, '2026-12-05'));
    for (const code of codes) {
      expect(code).toHaveLength(TEST_CODE_LENGTH);
      for (const c of code) expect(TEST_CODE_ALPHABET).toContain(c);
      expect(code).not.toMatch(/[01OIL]/);
    }
    // Spread over the alphabet, not stuck on a few letters.
    expect(new Set(codes.join('')).size).toBe(TEST_CODE_ALPHABET.length);
  });

  it('is the same for a user and version, and changes with either and with the portal’s key', () => {
    const code = testDocumentCode(key, USER, '2026-12-05');
    expect(testDocumentCode(key, USER, '2026-12-05')).toBe(code);
    expect(testDocumentCode(key, USER, '2027-01-01')).not.toBe(code);
    expect(testDocumentCode(key, '9e1c5d2a-0000-4000-8000-000000000000', '2026-12-05')).not.toBe(code);
    expect(testDocumentCode(esignKey(Buffer.alloc(32, 8)), USER, '2026-12-05')).not.toBe(code);
  });
});
