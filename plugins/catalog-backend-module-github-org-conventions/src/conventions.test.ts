import type { GroupEntity } from '@backstage/catalog-model';
import type {
  GithubTeam,
  TransformerContext,
} from '@backstage/plugin-catalog-backend-module-github';
import {
  conventionTeamTransformer,
  conventionUserTransformer,
  groupTypeOf,
} from './conventions';

const ctx = { org: 'meridian-bank' } as TransformerContext;
const team = (slug: string, parent?: string): GithubTeam => ({
  slug,
  combinedSlug: `meridian-bank/${slug}`,
  name: slug,
  parentTeam: parent
    ? { slug: parent, combinedSlug: '', members: [] }
    : undefined,
  members: [{ login: 'ada-lovelace' }],
});

describe('groupTypeOf', () => {
  it.each([
    ['meridian-bank', 'organisation'],
    ['Meridian-Bank', 'organisation'],
    ['colony-payments', 'colony'],
    ['squad-aura', 'squad'],
    ['squad-', undefined],
    ['admins', undefined],
    ['payments-squad-aura', undefined],
  ])('%s is %p', (slug, type) => {
    expect(groupTypeOf(slug, 'meridian-bank')).toBe(type);
  });
});

describe('conventionTeamTransformer', () => {
  it('types the group and keeps a conventional parent', async () => {
    const squad = (await conventionTeamTransformer(
      team('squad-aura', 'colony-payments'),
      ctx,
    )) as GroupEntity;
    expect(squad.spec).toMatchObject({
      type: 'squad',
      parent: 'colony-payments',
      members: ['ada-lovelace'],
    });
    expect(squad.metadata.annotations?.['github.com/team-slug']).toBe(
      'meridian-bank/squad-aura',
    );
  });

  it('drops a parent that breaks the convention', async () => {
    const underSquad = (await conventionTeamTransformer(
      team('squad-aura', 'squad-orion'),
      ctx,
    )) as GroupEntity;
    expect(underSquad.spec.parent).toBeUndefined();
    const colonyUnderGuild = (await conventionTeamTransformer(
      team('colony-payments', 'guild-java'),
      ctx,
    )) as GroupEntity;
    expect(colonyUnderGuild.spec.parent).toBeUndefined();
  });

  it('leaves out teams outside the convention', async () => {
    expect(
      await conventionTeamTransformer(team('admins'), ctx),
    ).toBeUndefined();
  });
});

describe('conventionUserTransformer', () => {
  it('names the user by login and annotates the login', async () => {
    const user = await conventionUserTransformer(
      { login: 'ada-lovelace', name: 'Ada Lovelace', id: 'U_1' },
      ctx,
    );
    expect(user?.metadata.name).toBe('ada-lovelace');
    expect(user?.metadata.annotations?.['github.com/user-login']).toBe(
      'ada-lovelace',
    );
  });
});
