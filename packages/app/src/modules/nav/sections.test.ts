import { sidebarSections } from './sections';

/** Nav items as the app hands them over: take once, the rest by title. */
function navOf(items: Array<{ id: string; title: string }>) {
  const left = [...items];
  return {
    take(id: string) {
      const index = left.findIndex(item => item.id === id);
      return index < 0 ? null : left.splice(index, 1)[0].title;
    },
    rest(options?: { sortBy?: 'title' }) {
      const titles = left.map(item => item.title);
      return options?.sortBy === 'title' ? titles.sort() : titles;
    },
  };
}

const STOCK_AND_PORTAL = [
  { id: 'page:app-visualizer', title: 'Visualizer' },
  { id: 'page:catalog-import', title: 'Register Existing Component' },
  { id: 'page:catalog-ingestion', title: 'Catalog ingestion' },
  { id: 'page:tech-insights', title: 'Tech Insights' },
  { id: 'page:search', title: 'Search' },
  { id: 'page:scaffolder', title: 'Create...' },
  { id: 'page:reconstitution', title: 'Reconstitution' },
  { id: 'page:notifications', title: 'Notifications' },
  { id: 'page:catalog-unprocessed-entities', title: 'Catalog errors' },
  { id: 'page:user-settings', title: 'Settings' },
  { id: 'page:api-docs', title: 'APIs' },
  { id: 'page:dead-letter', title: 'Dead Letter' },
  { id: 'page:techdocs', title: 'Docs' },
  { id: 'page:catalog', title: 'Catalog' },
  { id: 'page:home', title: 'Home' },
];

describe('sidebarSections', () => {
  it('orders the menu the way the organisation works, admin pages apart', () => {
    const sections = sidebarSections(navOf(STOCK_AND_PORTAL));
    expect(sections.menu).toEqual([
      'Home',
      'Catalog',
      'Docs',
      'APIs',
      'Dead Letter',
      'Reconstitution',
      'Tech Insights',
      'Create...',
    ]);
    expect(sections.admin).toEqual([
      'Catalog ingestion',
      'Catalog errors',
      'Register Existing Component',
      'Visualizer',
    ]);
    expect(sections.settings).toEqual(['Settings']);
    // Search and notifications have their own controls.
    expect(sections.others).toEqual([]);
  });

  it('keeps pages it does not know, after the menu, sorted by title', () => {
    const sections = sidebarSections(
      navOf([
        { id: 'page:zeta', title: 'Zeta' },
        { id: 'page:catalog', title: 'Catalog' },
        { id: 'page:incidents', title: 'Incidents' },
      ]),
    );
    expect(sections.menu).toEqual(['Catalog']);
    expect(sections.others).toEqual(['Incidents', 'Zeta']);
    expect(sections.admin).toEqual([]);
  });
});
