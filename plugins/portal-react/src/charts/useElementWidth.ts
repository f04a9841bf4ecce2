import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The width of an element, followed with a ResizeObserver. Recharts'
 * ResponsiveContainer draws nothing while it measures 0 px, which is what
 * every element measures without a layout (jsdom, a hidden tab): the width
 * here is `fallback` until a real, positive one is known, so a chart always
 * renders its data.
 */
export function useElementWidth(
  fallback: number,
): [(element: HTMLElement | null) => void, number] {
  const [width, setWidth] = useState(fallback);
  const observer = useRef<ResizeObserver>();

  const ref = useCallback((element: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = undefined;
    if (!element) {
      return;
    }
    const measure = (measured: number) => {
      if (measured > 0) {
        setWidth(Math.floor(measured));
      }
    };
    measure(element.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    observer.current = new ResizeObserver(entries => {
      measure(entries[entries.length - 1]?.contentRect.width ?? 0);
    });
    observer.current.observe(element);
  }, []);

  useEffect(() => () => observer.current?.disconnect(), []);

  return [ref, width];
}
