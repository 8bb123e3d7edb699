/**
 * Vehicle identification numbers (49 CFR Part 565): 17 characters, no I, O or Q, and for vehicles
 * sold in North America a check digit in position 9 computed from the other 16.
 */
const TRANSLITERATION: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

function characterValue(ch: string): number {
  return /\d/.test(ch) ? Number(ch) : (TRANSLITERATION[ch] ?? Number.NaN);
}

/** The check digit ('0'–'9' or 'X') that position 9 must hold for these other 16 characters. */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += characterValue(vin[i] ?? '') * (WEIGHTS[i] ?? 0);
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

export type VinCheck = { valid: true } | { valid: false; reason: string };

export function checkVin(vin: string): VinCheck {
  if (vin.length !== 17) return { valid: false, reason: 'A VIN has exactly 17 characters.' };
  if (/[IOQ]/.test(vin)) return { valid: false, reason: 'A VIN never contains the letters I, O or Q.' };
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) {
    return { valid: false, reason: 'A VIN has only capital letters and digits.' };
  }
  if (vin[8] !== vinCheckDigit(vin)) {
    return { valid: false, reason: 'The check digit (9th character) does not match the rest of the VIN.' };
  }
  return { valid: true };
}

/** Puts the right check digit into position 9 of a 17-character VIN (for demo and test data). */
export function withVinCheckDigit(vin: string): string {
  return `${vin.slice(0, 8)}${vinCheckDigit(vin)}${vin.slice(9)}`;
}
