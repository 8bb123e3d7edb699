import { eq } from 'drizzle-orm';
import { maskPhone } from '../core/masking.ts';
import type { Db } from '../db/database.ts';
import { customers, userPreferences, users } from '../db/schema.ts';
import { endPaperlessConsent, hasPaperlessConsent } from '../documents/index.ts';
import { type ActiveSession, type ChangeMeta, contactDetails, type SessionUser } from '../identity/index.ts';
import {
  DEFAULT_PREFERENCES,
  formatMailInstant,
  noticeChannels,
  type Preferences,
  type PreferencesAnswer,
  renderMail,
  sendMail,
} from '../notifications/index.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { PHONE_KINDS, type PhoneKind, type Profile, type ProfileChange } from './profile.schemas.ts';

/**
 * The signed-in customer's own profile (their customer row: a co-signer edits theirs, not the
 * borrower's) and their communication preferences. Staff have neither here: their details are kept
 * by an administrator. An address or phone change is audited with what it was before and after, and
 * told to the login's email at once: a changed mailing address is a classic step of account takeover
 * (a payoff check or the title sent elsewhere), so the owner must hear of it even if they did not ask.
 */

type Customer = typeof customers.$inferSelect;

const notApplicable = () =>
  new DomainError(
    'not_found',
    'PROFILE.NOT_FOUND',
    'There is no customer profile for this sign-in. Staff details are kept by your administrator.',
  );

function customerIdOf(user: SessionUser): string {
  if (user.kind !== 'customer' || !user.customerId) throw notApplicable();
  return user.customerId;
}

async function customerRow(db: Db, customerId: string, lock = false): Promise<Customer> {
  const query = db.select().from(customers).where(eq(customers.id, customerId));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notApplicable();
  return row;
}

const nameOf = (c: Customer) =>
  c.kind === 'business' ? (c.businessName ?? '') : `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim();

const addressOf = (c: Customer) => ({
  line1: c.addressLine1,
  line2: c.addressLine2,
  city: c.city,
  state: c.state,
  zip: c.zip,
});

const phonesOf = (c: Customer): Record<PhoneKind, string | null> => ({
  main: c.phone,
  mobile: c.mobilePhone,
  work: c.workPhone,
});

export async function viewProfile(db: Db, clock: Clock, session: ActiveSession): Promise<Profile> {
  const customer = await customerRow(db, customerIdOf(session.user));
  const contact = await contactDetails(db, clock, session);
  return {
    userId: session.user.loginId,
    name: nameOf(customer),
    address: addressOf(customer),
    phones: phonesOf(customer),
    email: {
      address: contact.email,
      verified: true,
      pending: contact.pendingEmail,
      changeAt: '/api/v1/security/email',
    },
  };
}

const PHONE_WORDS: Record<PhoneKind, string> = { main: 'main', mobile: 'mobile', work: 'work' };

/** The changes in words for the owner's notice: where the address now is, which numbers changed (masked). */
function describeChanges(
  before: Customer,
  address: ReturnType<typeof addressOf> | undefined,
  phones: Partial<Record<PhoneKind, string | null>>,
): string[] {
  const lines: string[] = [];
  if (address)
    lines.push(`your mailing address changed to one in ${address.city}, ${address.state} ${address.zip}.`);
  for (const kind of PHONE_KINDS) {
    const after = phones[kind];
    if (after === undefined || after === phonesOf(before)[kind]) continue;
    lines.push(
      after === null
        ? `your ${PHONE_WORDS[kind]} phone number was removed.`
        : `your ${PHONE_WORDS[kind]} phone number changed to one ending in ${after.slice(-4)}.`,
    );
  }
  return lines;
}

const maskPhones = (phones: Partial<Record<PhoneKind, string | null>>) =>
  Object.fromEntries(Object.entries(phones).map(([kind, phone]) => [kind, phone ? maskPhone(phone) : null]));

/**
 * Changes the mailing address and/or phones of the user's own customer row, in one transaction with
 * its audit event and the notice to the login's email. Values equal to what is on file change nothing.
 */
export async function changeProfile(
  db: Db,
  clock: Clock,
  session: ActiveSession,
  change: ProfileChange,
  meta: ChangeMeta,
): Promise<Profile> {
  const customerId = customerIdOf(session.user);
  await db.transaction(async (tx) => {
    const before = await customerRow(tx, customerId, true);
    const address = change.address && {
      line1: change.address.line1,
      line2: change.address.line2 || null,
      city: change.address.city,
      state: change.address.state,
      zip: change.address.zip,
    };
    const addressChanged =
      address !== undefined && JSON.stringify(address) !== JSON.stringify(addressOf(before));
    const phones = Object.fromEntries(
      Object.entries(change.phones ?? {}).filter(
        ([kind, phone]) => phone !== undefined && phone !== phonesOf(before)[kind as PhoneKind],
      ),
    ) as Partial<Record<PhoneKind, string | null>>;
    const changes = describeChanges(before, addressChanged ? address : undefined, phones);
    if (changes.length === 0) return;

    await tx
      .update(customers)
      .set({
        ...(addressChanged && address
          ? {
              addressLine1: address.line1,
              addressLine2: address.line2,
              city: address.city,
              state: address.state,
              zip: address.zip,
            }
          : {}),
        ...(phones.main !== undefined ? { phone: phones.main } : {}),
        ...(phones.mobile !== undefined ? { mobilePhone: phones.mobile } : {}),
        ...(phones.work !== undefined ? { workPhone: phones.work } : {}),
      })
      .where(eq(customers.id, customerId));
    // The address in full (staff investigating a fraud report need it); phones masked like everywhere staff look.
    const previousPhones = Object.fromEntries(
      Object.keys(phones).map((k) => [k, phonesOf(before)[k as PhoneKind]]),
    );
    await recordAudit(tx, {
      actor: { type: 'user', id: session.user.id },
      action: 'customer.profile_change',
      resource: { type: 'customer', id: customerId },
      ip: meta.ip,
      requestId: meta.requestId,
      details: {
        ...(addressChanged ? { address: { before: addressOf(before), after: address } } : {}),
        ...(Object.keys(phones).length > 0
          ? { phones: { before: maskPhones(previousPhones), after: maskPhones(phones) } }
          : {}),
      },
    });
    await sendMail(tx, clock, {
      to: session.user.email,
      ...renderMail('profile-changed', {
        displayName: session.user.displayName,
        userId: session.user.loginId,
        when: formatMailInstant(clock.now()),
        changes: changes.map((line) => `- ${line}`).join('\n'),
      }),
    });
  });
  return viewProfile(db, clock, session);
}

/** Text messages go only to a mobile number the user proved with a code (the security settings'). */
async function smsAvailable(db: Db, userId: string): Promise<boolean> {
  const [user] = await db
    .select({ phone: users.phone, verifiedAt: users.phoneVerifiedAt })
    .from(users)
    .where(eq(users.id, userId));
  return Boolean(user?.phone && user.verifiedAt);
}

async function storedPreferences(db: Db, userId: string): Promise<Preferences> {
  const [row] = await db.select().from(userPreferences).where(eq(userPreferences.userId, userId));
  if (!row) return DEFAULT_PREFERENCES;
  // Events added after a row was saved take their defaults.
  const channels = noticeChannels.safeParse({ ...DEFAULT_PREFERENCES.channels, ...row.channels });
  return {
    channels: channels.success ? channels.data : DEFAULT_PREFERENCES.channels,
    dueReminderDays: row.dueReminderDays,
    paperless: row.paperless,
  };
}

/** SMS choices count only while a confirmed mobile number exists; without one they read as off. */
function answer(preferences: Preferences, sms: boolean): PreferencesAnswer {
  const channels = Object.fromEntries(
    Object.entries(preferences.channels).map(([event, choice]) => [
      event,
      { ...choice, sms: choice.sms && sms },
    ]),
  ) as Preferences['channels'];
  return { ...preferences, channels, smsAvailable: sms };
}

export async function viewPreferences(db: Db, user: SessionUser): Promise<PreferencesAnswer> {
  customerIdOf(user);
  return answer(await storedPreferences(db, user.id), await smsAvailable(db, user.id));
}

export async function savePreferences(
  db: Db,
  clock: Clock,
  user: SessionUser,
  preferences: Preferences,
  meta: ChangeMeta,
): Promise<PreferencesAnswer> {
  customerIdOf(user);
  if (preferences.paperless && !(await hasPaperlessConsent(db, user.id))) {
    // E-SIGN (15 U.S.C. §7001(c)) wants the customer's consent, after its disclosures, before
    // statements stop coming on paper: that is the paperless page's flow (documents/esign.ts).
    throw new DomainError(
      'conflict',
      'PREFERENCES.CONSENT_REQUIRED',
      'Paperless statements need your consent to receive documents electronically: give it on the Paperless page.',
      { paperless: 'Consent on the Paperless page first.' },
    );
  }
  const sms = await smsAvailable(db, user.id);
  const smsWanted = Object.entries(preferences.channels).filter(([, choice]) => choice.sms);
  if (smsWanted.length > 0 && !sms) {
    throw new DomainError(
      'invalid',
      'PREFERENCES.NO_MOBILE',
      'Text messages need a mobile number you confirmed with a code. Add one in your security settings.',
      Object.fromEntries(
        smsWanted.map(([event]) => [`channels.${event}.sms`, 'Add and confirm a mobile number first.']),
      ),
    );
  }
  await db.transaction(async (tx) => {
    const before = await storedPreferences(tx, user.id);
    // Paperless off is a withdrawal of the consent (audited and told on its own).
    if (!preferences.paperless) await endPaperlessConsent(tx, clock, user, meta);
    const values = { ...preferences, updatedAt: clock.now() };
    await tx
      .insert(userPreferences)
      .values({ userId: user.id, ...values })
      .onConflictDoUpdate({ target: userPreferences.userId, set: values });
    await recordAudit(tx, {
      actor: { type: 'user', id: user.id },
      action: 'user.preferences_change',
      resource: { type: 'user', id: user.id },
      ip: meta.ip,
      requestId: meta.requestId,
      details: { before, after: preferences },
    });
  });
  return answer(preferences, sms);
}
