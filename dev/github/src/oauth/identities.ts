import { randomBytes } from 'crypto';
import type { UserRecord } from '../data/model';
import type { Store } from '../data/store';

/** An OAuth app registered on this GitHub (client id and secret). */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
}

export interface IdentityOptions {
  /** People who are members of the organisation besides the generated ones. */
  members?: string[];
  /** People who have a GitHub account but are not members of the organisation. */
  outsideUsers?: string[];
  /** When set, the OAuth web flow accepts only this client. */
  oauthApp?: OAuthApp;
}

interface PendingCode {
  login: string;
  clientId: string;
  redirectUri: string | undefined;
  scope: string;
  expiresAt: number;
}

export interface UserToken {
  login: string;
  scope: string;
}

export interface IssuedToken extends UserToken {
  token: string;
}

/** GitHub's codes expire after 10 minutes. */
const CODE_TTL_MS = 10 * 60 * 1000;
/** A login as GitHub allows it: alphanumerics and single hyphens, ≤ 39. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/**
 * Who can sign in through the OAuth web flow, who belongs to the
 * organisation, and the codes and user tokens the flow hands out. The
 * generated people are all members; `members` adds more (e.g. the logins of
 * the portal's example organisation) and `outsideUsers` adds accounts
 * outside the organisation.
 */
export class Identities {
  readonly oauthApp?: OAuthApp;
  private readonly extra = new Map<string, UserRecord>();
  private readonly memberLogins = new Set<string>();
  private readonly outsideLogins = new Set<string>();
  private readonly initial: { members: string[]; outsideUsers: string[] };
  private readonly codes = new Map<string, PendingCode>();
  private readonly tokens = new Map<string, UserToken>();
  private nextId = 9_000_000;

  constructor(private readonly store: Store, options: IdentityOptions = {}) {
    this.oauthApp = options.oauthApp;
    this.initial = {
      members: options.members ?? [],
      outsideUsers: options.outsideUsers ?? [],
    };
    this.reset();
  }

  /** Back to the people given at start; codes and tokens are forgotten. */
  reset(): void {
    this.extra.clear();
    this.memberLogins.clear();
    this.outsideLogins.clear();
    this.codes.clear();
    this.tokens.clear();
    this.initial.members.forEach(login => this.addMember(login));
    this.initial.outsideUsers.forEach(login => this.addOutsideUser(login));
  }

  addMember(login: string): UserRecord {
    const user = this.ensureUser(login);
    this.memberLogins.add(user.login.toLowerCase());
    this.outsideLogins.delete(user.login.toLowerCase());
    return user;
  }

  /** An account outside the organisation (a former member stays known). */
  addOutsideUser(login: string): UserRecord {
    const user = this.ensureUser(login);
    this.memberLogins.delete(user.login.toLowerCase());
    this.outsideLogins.add(user.login.toLowerCase());
    return user;
  }

  user(login: string): UserRecord | undefined {
    const generated = this.store.user(login);
    if (generated?.type === 'User') return generated;
    return this.extra.get(login.toLowerCase());
  }

  isMember(login: string): boolean {
    const key = login.toLowerCase();
    if (this.memberLogins.has(key)) return true;
    if (this.outsideLogins.has(key)) return false;
    return this.store.user(login)?.type === 'User';
  }

  /** Members and outside users added to the generated organisation. */
  added(): { members: string[]; outsideUsers: string[] } {
    const logins = [...this.extra.values()].map(u => u.login);
    return {
      members: logins.filter(l => this.memberLogins.has(l.toLowerCase())),
      outsideUsers: logins.filter(l => this.outsideLogins.has(l.toLowerCase())),
    };
  }

  issueCode(input: Omit<PendingCode, 'expiresAt'>): string {
    const code = randomBytes(10).toString('hex');
    this.codes.set(code, { ...input, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  /** A code is good for one exchange, by the client it was issued to. */
  redeemCode(
    code: string,
    clientId: string,
    redirectUri: string | undefined,
  ): IssuedToken | undefined {
    const pending = this.codes.get(code);
    this.codes.delete(code);
    if (
      !pending ||
      pending.expiresAt < Date.now() ||
      pending.clientId !== clientId ||
      (redirectUri !== undefined &&
        pending.redirectUri !== undefined &&
        redirectUri !== pending.redirectUri)
    ) {
      return undefined;
    }
    const token = `gho_${randomBytes(18).toString('hex')}`;
    const granted = { login: pending.login, scope: pending.scope };
    this.tokens.set(token, granted);
    return { ...granted, token };
  }

  /** The person behind `Authorization: token|Bearer <user token>`. */
  tokenUser(header: string | undefined): UserToken | undefined {
    const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
    return m ? this.tokens.get(m[1]) : undefined;
  }

  private ensureUser(login: string): UserRecord {
    if (!LOGIN.test(login)) {
      throw new RangeError(`"${login}" is not a valid GitHub login`);
    }
    const generated = this.store.user(login);
    if (generated?.type === 'User') {
      if (!this.extra.has(login.toLowerCase())) {
        this.extra.set(login.toLowerCase(), generated);
      }
      return generated;
    }
    const existing = this.extra.get(login.toLowerCase());
    if (existing) return existing;
    const id = this.nextId++;
    const user: UserRecord = {
      id,
      login,
      name: login,
      email: `${login.toLowerCase()}@users.noreply.github.com`,
      squad: null,
      type: 'User',
      createdAt: Date.UTC(2016, 0, 1) + (id % 1000) * 86_400_000,
    };
    this.extra.set(login.toLowerCase(), user);
    return user;
  }
}
