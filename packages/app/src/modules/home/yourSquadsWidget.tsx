import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';

export const yourSquadsWidget = HomePageWidgetBlueprint.make({
  name: 'your-squads',
  params: {
    name: 'YourSquads',
    title: 'Your squads',
    description: 'The squads you belong to and what they own',
    components: async () => {
      const { YourSquads } = await import('./YourSquads');
      return { Content: YourSquads };
    },
  },
});
