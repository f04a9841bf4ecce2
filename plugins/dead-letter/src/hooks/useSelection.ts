import { useEffect, useMemo, useState } from 'react';

/**
 * Which of the listed items are selected. Items no longer listed (other
 * filters) are forgotten.
 */
export function useSelection<T extends { id: string }>(items: T[]) {
  const [selectedIds, setSelectedIds] = useState<Set<string>>(new Set());

  useEffect(() => {
    setSelectedIds(previous => {
      const listed = new Set(items.map(item => item.id));
      const kept = [...previous].filter(id => listed.has(id));
      return kept.length === previous.size ? previous : new Set(kept);
    });
  }, [items]);

  const selected = useMemo(
    () => items.filter(item => selectedIds.has(item.id)),
    [items, selectedIds],
  );
  const allSelected = items.length > 0 && selected.length === items.length;

  const toggle = (id: string) =>
    setSelectedIds(previous => {
      const next = new Set(previous);
      if (next.has(id)) {
        next.delete(id);
      } else {
        next.add(id);
      }
      return next;
    });

  const toggleAll = () =>
    setSelectedIds(
      allSelected ? new Set() : new Set(items.map(item => item.id)),
    );

  const clear = () => setSelectedIds(new Set());

  return {
    selected,
    allSelected,
    isSelected: (id: string) => selectedIds.has(id),
    toggle,
    toggleAll,
    clear,
  };
}
