/*
 * The sidebar in the order the organisation works: its own tools first,
 * admin pages out of the way. Items not listed here (a plugin added later)
 * appear after the listed ones, sorted by title, so nothing goes missing.
 */

/** Extension ids of the main menu, in order. */
export const MENU_ITEMS = [
  'page:home',
  'page:catalog',
  'page:techdocs',
  'page:api-docs',
  'page:dead-letter',
  'page:reconstitution',
  'page:tech-insights',
  'page:scaffolder',
] as const;

/** Admin pages, grouped at the bottom beside the user's settings. */
export const ADMIN_ITEMS = [
  'page:catalog-ingestion',
  'page:catalog-unprocessed-entities',
  'page:catalog-import',
  'page:app-visualizer',
] as const;

/** Pages the sidebar shows elsewhere (the search modal, the bell). */
export const HIDDEN_ITEMS = ['page:search', 'page:notifications'] as const;

/** Titles short enough for the sidebar's width, where the stock one is not. */
export const SHORT_TITLES: Record<string, string> = {
  'page:catalog-ingestion': 'Ingestion',
  'page:catalog-import': 'Register',
};

interface NavItemsLike<T> {
  take(id: string): T | null;
  rest(options?: { sortBy?: 'title' }): T[];
}

/** Takes the items for each part of the sidebar, in order. */
export function sidebarSections<T>(nav: NavItemsLike<T>) {
  for (const id of HIDDEN_ITEMS) nav.take(id);
  const present = (items: Array<T | null>) =>
    items.filter((item): item is T => item !== null);
  const menu = present(MENU_ITEMS.map(id => nav.take(id)));
  const admin = present(ADMIN_ITEMS.map(id => nav.take(id)));
  const settings = present([nav.take('page:user-settings')]);
  return { menu, others: nav.rest({ sortBy: 'title' }), admin, settings };
}
