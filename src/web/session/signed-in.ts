import { useEffect, useSyncExternalStore } from 'react';
import { type Me, meResponse, type SessionTimes } from '../api/auth.ts';

/**
 * Whether this browser is signed in, as far as the page knows, and when the session ends.
 *
 * The session cookie is HttpOnly, so the page cannot see it; asking `GET /api/v1/me` on every page
 * would tell, but Chromium reports each 401 answer as a console error, and a signed-out visitor
 * would collect one on every page. So only `/account` (and what follows the verify step) asks the
 * server; the navigation reads this flag instead. It is set after a successful sign-in and by each
 * successful `/me`, and cleared on sign-out and when `/me` says nobody is signed in. It is a hint
 * for the navigation, never a permission: the server decides on every request.
 *
 * It lives in localStorage so every tab agrees: a tab that refreshes the session moves the
 * time-out warning of the others too, and signing out in one tab ends the account pages in all.
 * The end times are in this browser's clock (see `fetchMe`). With them go the person's roles (staff,
 * own contracts, organizations), from the same `/me`: what the navigation offers and where "home"
 * is, on the public pages too, which never ask.
 */
const rolesShape = meResponse.pick({ kind: true, hasOwnContracts: true, memberships: true });
export type Roles = Pick<Me, 'kind' | 'hasOwnContracts' | 'memberships'>;

export type SignedInState = { session: SessionTimes | null; roles: Roles | null } | null;

const STORAGE_KEY = 'autofin.signedIn';

const listeners = new Set<() => void>();
let current: SignedInState = read();

function parse(text: string | null): SignedInState {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || !('session' in value)) return null;
    const { session, roles: storedRoles } = value as { session: unknown; roles?: unknown };
    const parsedRoles = rolesShape.safeParse(storedRoles);
    const roles = parsedRoles.success ? parsedRoles.data : null;
    if (session === null) return { session: null, roles };
    const times = session as Partial<SessionTimes>;
    if (typeof times.idleExpiresAt !== 'number' || typeof times.expiresAt !== 'number')
      return { session: null, roles };
    return { session: { idleExpiresAt: times.idleExpiresAt, expiresAt: times.expiresAt }, roles };
  } catch {
    return null;
  }
}

function read(): SignedInState {
  try {
    return parse(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    // Storage can be switched off; the flag then lasts as long as the page.
    return null;
  }
}

function write(state: SignedInState): void {
  current = state;
  try {
    if (state === null) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // As above: kept in memory only.
  }
  for (const listener of listeners) listener();
}

const elsewhereListeners = new Set<() => void>();

// Another tab signed in, refreshed the session or signed out.
window.addEventListener('storage', (event) => {
  if (event.key !== STORAGE_KEY && event.key !== null) return;
  const wasSignedIn = current !== null;
  current = read();
  for (const listener of listeners) listener();
  if (wasSignedIn && current === null) for (const listener of elsewhereListeners) listener();
});

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** After a successful sign-in (no end times or roles yet) or `/me` (with them). */
export function markSignedIn(session: SessionTimes | null = null, me: Roles | null = null): void {
  const roles = me && { kind: me.kind, hasOwnContracts: me.hasOwnContracts, memberships: me.memberships };
  write({ session, roles });
}

/** After signing out, a time-out, or a `/me` that found nobody signed in. */
export function markSignedOut(): void {
  write(null);
}

/** Whether the page takes the browser to be signed in, read once (outside rendering). */
export function isSignedIn(): boolean {
  return current !== null;
}

/** Calls `listener` when another tab signs out (this tab's own sign-outs are not reported). */
export function useSignedOutElsewhere(listener: () => void): void {
  useEffect(() => {
    elsewhereListeners.add(listener);
    return () => {
      elsewhereListeners.delete(listener);
    };
  }, [listener]);
}

export function useSignedIn(): boolean {
  return useSyncExternalStore(subscribe, () => current !== null);
}

/** The signed-in person's roles, from the latest `/me` in any tab; null when unknown or signed out. */
export function useSignedInRoles(): Roles | null {
  return useSyncExternalStore(subscribe, () => current?.roles ?? null);
}

/** When the session ends, from the latest `/me` in any tab; null when unknown or signed out. */
export function useSessionTimes(): SessionTimes | null {
  return useSyncExternalStore(subscribe, () => current?.session ?? null);
}
