import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
New to Meridian engineering? Start with
**[Developer onboarding](/docs/default/component/developer-onboarding)**:
laptop setup, access requests and your first week.

- **Find a service**: browse the [catalog](/catalog) or the
  [domains](/catalog?filters[kind]=domain&filters[user]=all) by tier and colony.
- **Build a new one**: pick a golden path on the [Create](/create) page.
- **Ship it well**: [service lifecycle](/docs/default/component/service-lifecycle)
  and [engineering best practices](/docs/default/component/engineering-best-practices).
- **Explore the APIs** that services provide and consume in [API docs](/api-docs).
`;

export const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting started',
    description: 'Where new engineers begin',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});
