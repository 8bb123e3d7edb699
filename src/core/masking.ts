/**
 * How contact details show where their owner is not the only one who may see them (a staff screen,
 * a "we sent a code to …" message before sign-in is complete): enough to recognise, not to use.
 */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}${'•'.repeat(Math.max(1, local.length - 1))}@${domain}`;
}

export function maskPhone(phone: string): string {
  return `•••-•••-${phone.slice(-4)}`;
}
