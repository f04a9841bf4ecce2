import type { UserRecord } from '../../data/model';
import { nodeId } from '../../rest/ids';
import { ConnectionArgs, listConnection } from '../connection';
import { avatarUrl, base, GqlContext, iso } from './context';

export class UserNode {
  readonly __typename = 'User';

  constructor(private readonly c: GqlContext, private readonly u: UserRecord) {}

  get id() {
    return nodeId('User', this.u.id);
  }
  get databaseId() {
    return this.u.id;
  }
  get login() {
    return this.u.login;
  }
  get name() {
    return this.u.name;
  }
  // GitHub returns "" unless the user made their email public.
  get email() {
    return '';
  }
  get company() {
    return '@meridian';
  }
  get bio() {
    return null;
  }
  // The organisation verified the meridian.example domain: members' work
  // addresses are verified-domain emails of their organisation.
  organizationVerifiedDomainEmails(args: { login: string }) {
    return this.u.type === 'User' &&
      args.login.toLowerCase() === this.c.app.store.org.toLowerCase()
      ? [this.u.email]
      : [];
  }
  get url() {
    return `${base(this.c)}/${this.u.login}`;
  }
  get resourcePath() {
    return `/${this.u.login}`;
  }
  avatarUrl(args: { size?: number | null }) {
    return avatarUrl(this.c, `u/${this.u.id}`, args.size);
  }
  get createdAt() {
    return iso(this.u.createdAt);
  }
  get updatedAt() {
    return iso(this.u.createdAt + 86_400_000);
  }
  repositories(args: ConnectionArgs) {
    return listConnection([], args);
  }
  repository() {
    return null;
  }
}

export class BotNode {
  readonly __typename = 'Bot';

  constructor(private readonly c: GqlContext, private readonly u: UserRecord) {}

  get id() {
    return nodeId('Bot', this.u.id);
  }
  get databaseId() {
    return this.u.id;
  }
  // GraphQL names bots without the "[bot]" suffix REST uses.
  get login() {
    return this.u.login.replace(/\[bot\]$/, '');
  }
  get url() {
    return `${base(this.c)}/apps/${this.login}`;
  }
  get resourcePath() {
    return `/apps/${this.login}`;
  }
  avatarUrl(args: { size?: number | null }) {
    return avatarUrl(this.c, `in/${this.u.id}`, args.size);
  }
  get createdAt() {
    return iso(this.u.createdAt);
  }
  get updatedAt() {
    return iso(this.u.createdAt);
  }
}

/** A pull request's or review's author: a person, a bot, or gone. */
export function actor(c: GqlContext, login: string): UserNode | BotNode | null {
  const u = c.app.store.user(login);
  if (!u) return null;
  return u.type === 'Bot' ? new BotNode(c, u) : new UserNode(c, u);
}
